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
    public void An_arm_the_release_does_not_declare_loads_under_a_derived_program_and_unknown_labels_and_drug_classes_are_reported()
    {
        var source = Path.Combine(_work, "source");
        Directory.CreateDirectory(source);
        foreach (var file in Directory.EnumerateFiles(RepositoryData.Ctn0094(), "*.csv"))
        {
            File.Copy(file, Path.Combine(source, Path.GetFileName(file)));
        }

        // Participant 3 (trial 51) moves to an arm no declaration names (both randomization rows); 4 gets a visit label
        // and a drug class no rule knows.
        Replace(source, "randomization.csv", "3,\"Inpatient BUP\",\"1\",13", "3,\"Inpatient LAAM, 3 times a week\",\"1\",13");
        Replace(source, "randomization.csv", "3,\"Inpatient BUP\",\"2\",13", "3,\"Inpatient LAAM, 3 times a week\",\"2\",13");
        File.AppendAllText(Path.Combine(source, "visit.csv"), "4,\"WK99X\",\"visit\",,,,,,,,,,,,,,,,40\n");
        File.AppendAllText(Path.Combine(source, "uds.csv"), "4,\"Kratom\",28\n");
        File.AppendAllText(Path.Combine(source, "uds_temp.csv"), "4,\"1\",28\n");

        var result = new Ctn0094Importer().Import(source, Path.Combine(_work, "drop"));

        Assert.Equal(1_839, result.RowsWritten["episodes"]);
        Assert.Contains(result.Issues, i => i is { Trial: "51", Table: "randomization", Line: 0 }
            && i.Reason.StartsWith("arm 'Inpatient LAAM, 3 times a week' is not declared in public.ctn0094data 1.0.6: program CTN51-INPATIENT-LAAM-3-TIMES-A-WEEK", StringComparison.Ordinal));
        Assert.Equal(["BUP-NX-DETOX", "XR-NTX", "CTN51-INPATIENT-LAAM-3-TIMES-A-WEEK"], result.Trials.Single(t => t.Project == "51").Programs);
        Assert.Contains(result.IssueSummary(), s => s is { Trial: "51", Table: "visit", Count: 1 } && s.Reason.StartsWith("unknown visit label 'WK99X': no rule knows it", StringComparison.Ordinal));
        Assert.Contains(result.Issues, i => i.Table == "uds" && i.Reason == "unknown drug class 'Kratom': recorded as other");
        var screens = File.ReadAllLines(Path.Combine(result.DropFolder, "drug_screens.csv"));
        Assert.Contains(screens, l => l.StartsWith("CTN51-S36,P4-D28,P4,", StringComparison.Ordinal) && l.EndsWith(",positive,other", StringComparison.Ordinal));
        Assert.Contains(File.ReadAllLines(Path.Combine(result.DropFolder, "episodes.csv")), l => l.StartsWith("CTN51-S27,P3,P3,CTN51-INPATIENT-LAAM-3-TIMES-A-WEEK,", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("99999,\"30\"\n", "", "30", "trial 30: none of its participants has a randomization row, so it maps to no episode")]
    [InlineData("99998,\"31\"\n", "99998,\"Clinic arm\",\"1\",5\n", "31", "trial 31: none of its 1 randomization row(s) maps to an episode (1 × no masked site: the participant is left out)")]
    [InlineData("", "", "52", "trial 52 is not in this release (everybody.csv holds 27, 51)")]
    public void A_trial_that_maps_to_nothing_fails_naming_why_and_leaves_the_drop_folder_as_it_was(string everybody, string randomization, string trial, string why)
    {
        var source = Path.Combine(_work, "source");
        Ctn0094ReleaseVariant.Unchanged.Write(source);
        File.AppendAllText(Path.Combine(source, "everybody.csv"), everybody);
        File.AppendAllText(Path.Combine(source, "randomization.csv"), randomization);
        var drop = Path.Combine(_work, "drop");
        Directory.CreateDirectory(drop);
        File.WriteAllText(Path.Combine(drop, "episodes.csv"), "an earlier import's episodes\n");

        var result = new Ctn0094Importer().Import(source, drop, [trial]);

        Assert.Equal(why, result.Failure);
        Assert.Empty(result.RowsWritten);
        Assert.Equal(["episodes.csv"], Directory.EnumerateFiles(drop).Select(Path.GetFileName));
        Assert.Equal("an earlier import's episodes\n", File.ReadAllText(Path.Combine(drop, "episodes.csv")));
        Assert.Equal([Path.GetFileName(drop), "source"], Directory.EnumerateFileSystemEntries(_work).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Only_the_trials_asked_for_are_imported_and_reported()
    {
        var result = new Ctn0094Importer().Import(RepositoryData.Ctn0094(), Path.Combine(_work, "drop"), ["51"]);

        Assert.Equal(["51"], result.Trials.Select(t => t.Project));
        Assert.Equal(570, result.RowsWritten["episodes"]);
        Assert.All(result.Issues, i => Assert.Equal("51", i.Trial));
        Assert.Empty(result.Validations);
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
