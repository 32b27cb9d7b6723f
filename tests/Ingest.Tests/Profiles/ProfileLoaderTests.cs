using Outcomes.Ingest.Profiles;
using Xunit;

namespace Outcomes.Ingest.Tests.Profiles;

public sealed class ProfileLoaderTests
{
    private const string Minimal = """
        {
          "profile": "p",
          "facility": "F1",
          "timeZone": "America/Chicago",
          "exports": [
            {
              "file": "Programs.csv",
              "produces": [
                {
                  "contract": "programs",
                  "fields": {
                    "program_id": { "column": "Code" },
                    "name": { "column": "Name" },
                    "level_of_care": { "column": "Level" },
                    "asam_edition": { "value": "3" },
                    "planned_weeks": { "column": "Weeks" },
                    "planned_hours_per_week": { "column": "Hours" }
                  }
                }
              ]
            }
          ]
        }
        """;

    [Theory]
    [InlineData("riverbend-wide")]
    [InlineData("harbor-long")]
    public void The_example_profiles_load_with_their_name_and_hash(string name)
    {
        var profile = ProfileLoader.Load(SampleProfiles.Profile(name));

        Assert.Equal(name, profile.Name);
        Assert.Equal(64, profile.Sha256.Length);
    }

    [Fact]
    public void A_well_formed_profile_loads() => Assert.Equal("p", Parse(Minimal).Name);

    [Fact]
    public void An_unknown_member_is_refused_with_its_line_and_path()
    {
        var error = Refused(Minimal.Replace("\"asam_edition\": { \"value\": \"3\" }", "\"asam_edition\": { \"valeu\": \"3\" }", StringComparison.Ordinal));

        Assert.Contains("line 15", error, StringComparison.Ordinal);
        Assert.Contains("$.exports[0].produces[0].fields.asam_edition.valeu", error, StringComparison.Ordinal);
        Assert.Contains("unknown member 'valeu'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_member_is_refused_by_name()
    {
        var error = Refused(Minimal.Replace("\"timeZone\": \"America/Chicago\",", "", StringComparison.Ordinal));

        Assert.Contains("lacks required member", error, StringComparison.Ordinal);
        Assert.Contains("timeZone", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_contract_column_left_unmapped_is_refused_at_the_line_of_the_fields()
    {
        var error = Refused(Minimal.Replace("\"planned_weeks\": { \"column\": \"Weeks\" },", "", StringComparison.Ordinal));

        Assert.Equal("test.json line 11, $.exports[0].produces[0].fields: does not map the required column planned_weeks of programs.csv", error);
    }

    [Fact]
    public void Every_problem_a_check_finds_is_named_with_its_line()
    {
        var error = Refused(Minimal
            .Replace("America/Chicago", "Mars/Olympus", StringComparison.Ordinal)
            .Replace("\"contract\": \"programs\"", "\"contract\": \"programmes\"", StringComparison.Ordinal));

        var lines = error.Split(Environment.NewLine);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("test.json line 4, $.timeZone: is not a time zone", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("test.json line 10, $.exports[0].produces[0].contract: is not a contract file", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_map_to_a_code_the_contract_does_not_have_is_refused()
    {
        var error = Refused(Minimal.Replace("\"level_of_care\": { \"column\": \"Level\" }", "\"level_of_care\": { \"column\": \"Level\", \"map\": { \"IOP\": \"intensive\" } }", StringComparison.Ordinal));

        Assert.Contains("line 14, $.exports[0].produces[0].fields.level_of_care.map.IOP: is not a code of level_of_care", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_kind_is_refused_with_its_line()
    {
        var error = Refused(Minimal.Replace("\"produces\": [", "\"produces\": 3, \"x\": [", StringComparison.Ordinal));

        Assert.Contains("line 8, $.exports[0].produces", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_contract_column_mapped_twice_is_refused_rather_than_the_last_one_kept()
    {
        var error = Refused(Minimal.Replace("\"name\": { \"column\": \"Name\" },", "\"name\": { \"column\": \"Name\" }, \"name\": { \"column\": \"Title\" },", StringComparison.Ordinal));

        Assert.Equal("test.json line 13, $.exports[0].produces[0].fields.name: member 'name' is written twice; keep one", error);
    }

    private static LoadedProfile Parse(string json) => ProfileLoader.Parse("test.json", System.Text.Encoding.UTF8.GetBytes(json));

    private static string Refused(string json) => Assert.Throws<ProfileException>(() => Parse(json)).Message;
}
