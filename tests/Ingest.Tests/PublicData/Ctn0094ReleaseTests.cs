using System.Text;
using Outcomes.Ingest.PublicData.Ctn0094;
using Xunit;

namespace Outcomes.Ingest.Tests.PublicData;

public sealed class Ctn0094ReleaseTests
{
    [Fact]
    public void The_built_in_declaration_dates_and_names_the_arms_of_trials_27_and_51_and_validates_27_on_51()
    {
        var release = Ctn0094Release.BuiltIn();

        Assert.Equal("public.ctn0094data 1.0.6", release.Release);
        Assert.Equal(("2006-05-01", "2014-01-27"), (release.Find("27")?.StudyDayZero, release.Find("51")?.StudyDayZero));
        Assert.Equal(["METHADONE", "BUP-NX"], release.Find("27")!.Arms!.Select(a => a.Program));
        Assert.Equal(28, release.Find("51")!.Arms!.Single(a => a.Program == "XR-NTX").InjectionCoverDays);
        Assert.Equal(("27", "51"), (Assert.Single(release.Validations).Train, release.Validations[0].Test));
    }

    [Theory]
    [InlineData("{ \"release\": \"x\", \"trials\": [ { \"project\": \"30\", \"studyDayZero\": \"1 June 2006\" } ] }", "release.json: trials[0].studyDayZero '1 June 2006' is not a date; expected yyyy-MM-dd.")]
    [InlineData("{ \"release\": \"x\", \"trials\": [ { \"project\": \"30\", \"arms\": [ { \"treatment\": \"BUP\" } ] } ] }", "release.json: trials[0].arms[0] needs treatment (the randomization.treatment value) and program (a contract program id).")]
    [InlineData("{ \"release\": \"x\", \"trials\": [], \"validations\": [ { \"train\": \"30\", \"test\": \"30\" } ] }", "release.json: validations[0] needs two different trials, train and test.")]
    [InlineData("{ \"release\": \"x\" }", "release.json: trials is missing; expected a list of { \"project\", \"studyDayZero\", \"arms\" }.")]
    [InlineData("{ \"release\": \"x\",\n  \"trials\": [ { \"project\": \"30\", \"startDate\": \"2006-06-01\" } ] }", "release.json: not a CTN-0094 release declaration (line 2, $.trials[0].startDate)")]
    public void A_declaration_that_cannot_be_used_is_refused_naming_the_field(string json, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => Ctn0094Release.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "release.json"));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
