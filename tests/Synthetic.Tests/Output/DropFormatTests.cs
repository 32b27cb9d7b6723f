using System.Text;
using Outcomes.Ingest.Contract;
using Xunit;

namespace Outcomes.Synthetic.Tests.Output;

public sealed class DropFormatTests(GeneratedCohort cohort) : IClassFixture<GeneratedCohort>
{
    [Fact]
    public void Every_drop_file_is_named_and_headed_as_the_data_contract_defines_it()
    {
        foreach (var definition in DataContract.Files)
        {
            var path = Path.Combine(cohort.DropFolder, definition.Name + ".csv");
            Assert.Same(definition, DataContract.ForFileName(Path.GetFileName(path)));
            Assert.Equal(definition.Fields.Select(f => f.Name), cohort.Drop(definition.Name + ".csv").Header);
        }
    }

    [Fact]
    public void Files_are_utf8_without_a_byte_order_mark_with_line_feeds_only()
    {
        foreach (var path in Directory.EnumerateFiles(cohort.Folder, "*.csv", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(path);
            Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), path);
            Assert.DoesNotContain((byte)'\r', bytes);
            Assert.Equal((byte)'\n', bytes[^1]);
        }
    }

    [Fact]
    public void No_date_lies_after_the_end_date_and_episodes_in_care_then_have_no_discharge()
    {
        var end = cohort.Options.EndDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (file, column) in new[] { ("episodes.csv", "admission_date"), ("episodes.csv", "discharge_date"), ("sessions.csv", "session_date"), ("drug_screens.csv", "collection_date"), ("family_contacts.csv", "contact_date"), ("relapse_events.csv", "event_date") })
        {
            Assert.All(cohort.Clean(file), r => Assert.True(string.CompareOrdinal(r[column], end) <= 0, $"{file} line {r.Line}: {column} after the end date"));
        }

        var truth = cohort.Truth("episodes.csv").Rows.ToDictionary(r => r["episode_id"]);
        var inCare = cohort.Clean("episodes.csv").Where(e => e["discharge_date"].Length == 0).ToList();
        Assert.NotEmpty(inCare);
        Assert.All(inCare, e => Assert.Equal("", e["discharge_reason"] + e["transferred_to_episode_id"]));
        // Most episodes in care at the end date truly end after it; the rest are step-downs whose next program begins after it.
        Assert.True(inCare.Count(e => string.CompareOrdinal(truth[e["episode_id"]]["planted_discharge_date"], end) > 0) > 0.9 * inCare.Count);
    }

    [Fact]
    public void Step_downs_name_an_episode_of_the_same_patient_at_the_next_level_that_begins_after_the_discharge()
    {
        var episodes = cohort.Clean("episodes.csv").ToDictionary(e => e["episode_id"]);
        var stepDowns = episodes.Values.Where(e => e["transferred_to_episode_id"].Length > 0).ToList();

        Assert.Contains(stepDowns, e => e["program_id"] == "PHP");
        Assert.Contains(stepDowns, e => e["program_id"] == "IOP");
        Assert.All(stepDowns, e =>
        {
            var next = episodes[e["transferred_to_episode_id"]];
            Assert.Equal("transferred", e["discharge_reason"]);
            Assert.Equal(e["patient_id"], next["patient_id"]);
            Assert.Equal(e["program_id"] == "PHP" ? "IOP" : "OP", next["program_id"]);
            Assert.True(string.CompareOrdinal(next["admission_date"], e["discharge_date"]) > 0);
        });
    }
}
