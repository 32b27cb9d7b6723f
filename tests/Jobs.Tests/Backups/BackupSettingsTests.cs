using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Tests.Hosting;

namespace Outcomes.Jobs.Tests.Backups;

public sealed class BackupSettingsTests
{
    [Fact]
    public void Keeping_no_daily_copy_a_negative_number_of_weeks_or_a_file_as_the_folder_is_refused_at_start_up_naming_the_setting()
    {
        var file = Path.GetTempFileName();
        try
        {
            var problems = JobsOptionsValidator.Problems(new JobsOptions { Backups = new BackupOptions { KeepDaily = 0, KeepWeekly = -1, Folder = file } });

            Assert.Contains(problems, p => p.StartsWith("Jobs:Backups:KeepDaily: expected 1 or more", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.StartsWith("Jobs:Backups:KeepWeekly: expected 0 or more", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.StartsWith("Jobs:Backups:Folder: expected a folder", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void The_backup_settings_are_read_from_the_jobs_file_and_default_to_a_nightly_backup_kept_a_week_and_five_weeks()
    {
        var folder = TestJobs.NewFolder("backup-settings");
        try
        {
            var defaults = new BackupOptions();
            var read = JobsConfiguration.Load(ServerConfig.Write(new JobsOptions
            {
                Sources = [new SourceOptions { Name = "north", Folder = folder }],
                Backups = new BackupOptions { Folder = Path.Combine(folder, "b"), Schedule = "0 23 * * *", KeepDaily = 3, KeepWeekly = 0 },
            }, folder)).Backups;

            Assert.Equal((true, "0 1 * * *", "0 3 8 * *", 7, 5), (defaults.Enabled, defaults.Schedule, defaults.DrillSchedule, defaults.KeepDaily, defaults.KeepWeekly));
            Assert.Empty(JobsOptionsValidator.Problems(new JobsOptions { Sources = [new SourceOptions { Name = "north", Folder = folder }] }));
            Assert.Equal((Path.Combine(folder, "b"), "0 23 * * *", 3, 0), (read.EffectiveFolder(), read.Schedule, read.KeepDaily, read.KeepWeekly));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
