using Outcomes.Jobs.Configuration;

namespace Outcomes.Jobs.Tests.Pull;

public sealed class SourceProfileSettingsTests
{
    [Fact]
    public void A_source_naming_a_malformed_profile_is_refused_at_start_up_with_the_profiles_line_and_field()
    {
        var profile = Path.Combine(Path.GetTempPath(), $"outcomes-profile-{Guid.NewGuid():N}.json");
        File.WriteAllText(profile, "{\n  \"profile\": \"north\",\n  \"facility\": 7\n}\n");
        try
        {
            var options = new JobsOptions { Sources = [new SourceOptions { Name = "north", Folder = Path.GetTempPath(), Profile = profile }] };

            var problem = Assert.Single(JobsOptionsValidator.Problems(options));

            Assert.StartsWith($"Jobs:Sources:0:Profile: {Path.GetFileName(profile)} line 3, $.facility: ", problem, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(profile);
        }
    }

    [Fact]
    public void A_source_naming_a_profile_that_does_not_exist_is_refused_at_start_up()
    {
        var options = new JobsOptions { Sources = [new SourceOptions { Name = "north", Folder = Path.GetTempPath(), Profile = "no-such-profile.json" }] };

        Assert.Equal(["Jobs:Sources:0:Profile: no-such-profile.json: the profile file does not exist"], JobsOptionsValidator.Problems(options));
    }
}
