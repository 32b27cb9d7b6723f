using Outcomes.Ingest.PublicData.Ctn0094;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Ingest.Tests.PublicData;

[Trait(TestCategory.Name, TestCategory.RealData)]
public sealed class Ctn0094ImporterTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "outcomes-ctn-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public void Every_randomized_participant_becomes_one_episode_and_every_row_left_out_is_counted_with_its_reason()
    {
        var result = new Ctn0094Importer().Import(RepositoryData.Ctn0094(), Path.Combine(_work, "drop"));

        // 1,269 randomized in CTN-0027 and 570 in CTN-0051 (the data's README).
        Assert.Equal(1_839, result.RowsWritten["episodes"]);
        Assert.Equal(1_839, result.RowsWritten["patients"]);
        Assert.All(result.Issues, i => Assert.True(i.Line >= 2, $"{i.Table}: '{i.Reason}' names no line"));
        // Every trial-27 participant has one BASELINE visit row, never a treatment session.
        Assert.Equal(1_269, result.Issues.Count(i => i.Reason.StartsWith("baseline visit", StringComparison.Ordinal)));
        Assert.Equal(546, result.Issues.Count(i => i.Reason.StartsWith("end-of-treatment assessment", StringComparison.Ordinal)));
        var episodes = File.ReadAllLines(Path.Combine(result.DropFolder, "episodes.csv"));
        Assert.Equal("facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment", episodes[0]);
    }

    [Fact]
    public void Unknown_arms_visit_labels_and_drug_classes_are_reported_and_the_rest_still_maps()
    {
        var source = Path.Combine(_work, "source");
        Directory.CreateDirectory(source);
        foreach (var file in Directory.EnumerateFiles(RepositoryData.Ctn0094(), "*.csv"))
        {
            File.Copy(file, Path.Combine(source, Path.GetFileName(file)));
        }

        // Participant 3 (trial 51) moves to an arm the importer has never seen; 4 gets a visit label and a drug class it has not seen.
        Replace(source, "randomization.csv", "3,\"Inpatient BUP\",\"1\",13", "3,\"Inpatient LAAM\",\"1\",13");
        File.AppendAllText(Path.Combine(source, "visit.csv"), "4,\"WK99X\",\"visit\",,,,,,,,,,,,,,,,40\n");
        File.AppendAllText(Path.Combine(source, "uds.csv"), "4,\"Kratom\",28\n");
        File.AppendAllText(Path.Combine(source, "uds_temp.csv"), "4,\"1\",28\n");

        var result = new Ctn0094Importer().Import(source, Path.Combine(_work, "drop"));

        Assert.Equal(1_838, result.RowsWritten["episodes"]);
        Assert.Contains(result.Issues, i => i.Table == "randomization" && i.Reason.StartsWith("unknown treatment arm 'Inpatient LAAM': the participant is left out", StringComparison.Ordinal));
        Assert.Contains(result.Issues, i => i.Table == "visit" && i.Reason.StartsWith("unknown visit label 'WK99X'", StringComparison.Ordinal));
        Assert.Contains(result.Issues, i => i.Table == "uds" && i.Reason == "unknown drug class 'Kratom': recorded as other");
        var screens = File.ReadAllLines(Path.Combine(result.DropFolder, "drug_screens.csv"));
        Assert.Contains(screens, l => l.StartsWith("CTN51-S36,P4-D28,P4,", StringComparison.Ordinal) && l.EndsWith(",positive,other", StringComparison.Ordinal));
    }

    private static void Replace(string folder, string file, string from, string to)
    {
        var path = Path.Combine(folder, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }
}
