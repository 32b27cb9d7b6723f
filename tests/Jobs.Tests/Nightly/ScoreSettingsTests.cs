using Outcomes.Jobs.Configuration;

namespace Outcomes.Jobs.Tests.Nightly;

public sealed class ScoreSettingsTests
{
    [Fact]
    public void A_capacity_per_patients_in_care_below_one_is_refused_at_start_up_naming_the_setting()
    {
        var problems = JobsOptionsValidator.Problems(new JobsOptions { ScoreCapacityPerPatientsInCare = 0 });

        Assert.Contains(problems, p => p.StartsWith("Jobs:ScoreCapacityPerPatientsInCare: expected 1 or more", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_census_setting_or_with_a_positive_one_the_score_settings_pass()
    {
        Assert.DoesNotContain(JobsOptionsValidator.Problems(new JobsOptions()), p => p.StartsWith("Jobs:Score", StringComparison.Ordinal));
        Assert.DoesNotContain(JobsOptionsValidator.Problems(new JobsOptions { ScoreCapacity = 3, ScoreCapacityPerPatientsInCare = 50 }), p => p.StartsWith("Jobs:Score", StringComparison.Ordinal));
    }
}
