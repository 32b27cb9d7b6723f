using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Tests.Hosting;

namespace Outcomes.Jobs.Tests.Retention;

public sealed class RetentionSettingsTests
{
    [Fact]
    public void Keeping_quarantined_rows_or_staging_leftovers_for_less_than_a_day_is_refused_at_start_up_naming_the_setting()
    {
        var problems = JobsOptionsValidator.Problems(new JobsOptions { Retention = new RetentionOptions { QuarantineDays = 0, StagingDays = -1, Schedule = " " } });

        Assert.Contains(problems, p => p.StartsWith("Jobs:Retention:QuarantineDays: expected 1 or more days", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Jobs:Retention:StagingDays: expected 1 or more days", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Jobs:Retention:Schedule: expected a cron expression", StringComparison.Ordinal));
    }

    [Fact]
    public void The_retention_settings_are_read_from_the_jobs_file_and_default_to_a_year_of_quarantine_and_a_week_of_leftovers_daily()
    {
        var folder = TestJobs.NewFolder("retention-settings");
        try
        {
            var defaults = new RetentionOptions();
            var read = JobsConfiguration.Load(ServerConfig.Write(new JobsOptions
            {
                Sources = [new SourceOptions { Name = "north", Folder = folder }],
                Retention = new RetentionOptions { QuarantineDays = 90, StagingDays = 2, Schedule = "0 3 * * *" },
            }, folder)).Retention;

            Assert.Equal((365, 7, "30 4 * * *"), (defaults.QuarantineDays, defaults.StagingDays, defaults.Schedule));
            Assert.Empty(defaults.Problems());
            Assert.Equal((90, 2, "0 3 * * *"), (read.QuarantineDays, read.StagingDays, read.Schedule));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
