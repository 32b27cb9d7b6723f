using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Ingest.PublicData.Ctn0094;
using Outcomes.Ingest.Tests.Fuzz;
using Outcomes.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Outcomes.Ingest.Tests.PublicData;

/// <summary>
/// Releases built from the two carried trials with their trial ids, arm names, label spellings and study days changed,
/// unknown labels added and an extra phase: the importer reads each from its tables alone (nothing keyed on 27 or 51),
/// maps the same care as for the release as carried, reports every unknown label with its trial, table and count, and
/// turns a second randomisation into a second episode linked as a transfer.
/// </summary>
[Trait(TestCategory.Name, TestCategory.RealData)]
public sealed class Ctn0094VariantTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>, IDisposable
{
    private static readonly string[] TrialIds = ["27", "51", "30", "77", "103", "9"];

    private readonly string _work = Path.Combine(Path.GetTempPath(), "outcomes-ctn-variant-" + Guid.NewGuid().ToString("N")[..10]);

    private static Arbitrary<Ctn0094ReleaseVariant> Variants(bool extraPhase) => (
        from first in Gen.Elements(TrialIds)
        from second in Gen.Elements(TrialIds).Where(t => t != first)
        from rename in Gen.Elements(false, true)
        from style in Gen.Elements("WK{0}", "wk{0}", "Week {0}", "WK-{0}")
        from shift in Gen.Choose(-30, 400)
        from unknown in (from inSecond in Gen.Elements(false, true)
                         from shape in Gen.Elements("ZQ{0}", "WK{0}X", "Visit {0}", "P9 extra {0}")
                         from n in Gen.Choose(0, 99)
                         from count in Gen.Choose(1, 4)
                         select (inSecond, string.Format(CultureInfo.InvariantCulture, shape, n), count)).ListOf()
        from phaseWeek in Gen.Choose(3, 12)
        select new Ctn0094ReleaseVariant(first, second, rename, style, shift,
            [.. unknown.DistinctBy(u => u.Item2)], extraPhase ? phaseWeek : null)).ToArbitrary();

    [Fact]
    public async Task A_variant_with_new_trial_ids_arms_labels_and_days_maps_the_same_care_and_reports_every_unknown_label()
    {
        var baseline = Import(Ctn0094ReleaseVariant.Unchanged, "baseline");
        Assert.True(baseline.Result.Succeeded, baseline.Result.Failure);

        await FuzzCases.CheckAsync(output, "CTN-0094 release variants", FuzzCases.Count(25), Variants(extraPhase: false), variant =>
        {
            var (result, drop) = Import(variant, Guid.NewGuid().ToString("N")[..8]);

            Assert.True(result.Succeeded, result.Failure);
            Assert.Equal(new[] { variant.FirstTrial, variant.SecondTrial }.Order(StringComparer.Ordinal), result.Trials.Select(t => t.Project).Order(StringComparer.Ordinal));
            Assert.Equal(baseline.Result.RowsWritten, result.RowsWritten);
            Assert.Equal(Care(baseline.Drop), Care(drop));
            Assert.Equal(Reasons(baseline.Result), Reasons(result));
            AssertUnknownLabelsReported(variant, result);
            Assert.Equal(new[] { "ARM-M", "ARM-B" }, result.Trials.Single(t => t.Project == variant.FirstTrial).Programs);
            Assert.Equal((variant.FirstTrial, variant.SecondTrial), (Assert.Single(result.Validations).TrainTrial, result.Validations[0].TestTrial));
        });
    }

    [Fact]
    public async Task A_variant_with_an_extra_phase_links_each_second_randomisation_as_a_transfer_to_a_second_episode()
    {
        await FuzzCases.CheckAsync(output, "CTN-0094 release variants with a second phase", FuzzCases.Count(15), Variants(extraPhase: true), variant =>
        {
            var (result, drop) = Import(variant, Guid.NewGuid().ToString("N")[..8]);

            Assert.True(result.Succeeded, result.Failure);
            var second = result.Trials.Single(t => t.Project == variant.SecondTrial);
            Assert.Equal(["ARM-BD", "ARM-X"], second.ProgramsByPhase[0]);
            Assert.Equal(["CTN" + variant.SecondTrial + "-SECOND-PHASE-ARM-P2"], second.ProgramsByPhase[1]);
            Assert.Equal([("ARM-BD", "ARM-X")], second.Comparisons);
            Assert.Equal(2 * Ctn0094ReleaseVariant.ParticipantsPerTrial + variant.SecondPhaseParticipants, result.RowsWritten["episodes"]);
            Assert.Equal((24, 24 - variant.SecondPhaseWeek!.Value), (second.PlannedWeeks[1], second.PlannedWeeks[2]));
            var episodes = Csv(drop, "episodes").ToDictionary(e => e["episode_id"]);
            var transfers = episodes.Values.Where(e => e["discharge_reason"] == "transferred").ToList();
            Assert.Equal(variant.SecondPhaseParticipants, transfers.Count);
            foreach (var first in transfers)
            {
                var next = episodes[first["transferred_to_episode_id"]];
                Assert.Equal(first["patient_id"], next["patient_id"]);
                Assert.Equal(Day(first["discharge_date"]).AddDays(1), Day(next["admission_date"]));
                Assert.Equal("CTN" + variant.SecondTrial + "-SECOND-PHASE-ARM-P2", next["program_id"]);
            }

            foreach (var session in Csv(drop, "sessions"))
            {
                var episode = episodes[session["episode_id"]];
                Assert.InRange(Day(session["session_date"]), Day(episode["admission_date"]), Day(episode["discharge_date"]));
            }

            Assert.All(Csv(drop, "follow_ups"), f => Assert.NotEqual("transferred", episodes[f["episode_id"]]["discharge_reason"]));
            AssertUnknownLabelsReported(variant, result);
        });
    }

    [Fact]
    public async Task A_variant_of_an_undeclared_third_trial_with_an_extra_phase_and_unknown_labels_loads_with_nothing_quarantined()
    {
        var variant = new Ctn0094ReleaseVariant("30", "77", RenameArms: true, "Week {0}", 120, [(true, "P9 extra 1", 3), (false, "ZQ5", 2)], SecondPhaseWeek: 4, Declare: false);
        var (result, drop) = Import(variant, "undeclared");

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(["30", "77"], result.Trials.Select(t => t.Project));
        Assert.Equal(["CTN-0030", "CTN-0077"], result.Trials.Select(t => t.Name));
        Assert.All(result.Trials, t => Assert.Equal(Ctn0094Importer.UndeclaredStudyDayZero, t.StudyDayZero));
        Assert.Equal([Ctn0094Importer.DerivedProgramId("30", Ctn0094ReleaseVariant.Arm("Methadone")), Ctn0094Importer.DerivedProgramId("30", Ctn0094ReleaseVariant.Arm("Outpatient BUP"))],
            result.Trials[0].Programs);
        Assert.Empty(result.Validations);
        Assert.Contains(result.Issues, i => i is { Trial: "77", Table: "randomization", Line: 0 } && i.Reason.StartsWith("arm 'Second phase arm' is not declared", StringComparison.Ordinal));
        AssertUnknownLabelsReported(variant, result);

        var ingest = await new FolderIngestor(database.DataSource, NullLogger.Instance).IngestAsync(drop, new IngestOptions { Today = new DateOnly(2026, 11, 25) });

        Assert.Equal(0, ingest.RowsQuarantined);
        Assert.All(ingest.Files, f => Assert.Equal(FileStatus.Committed, f.Status));
        Assert.Equal(variant.SecondPhaseParticipants, await database.ScalarAsync<long>("select count(*) from episode where discharge_reason = 'transferred' and transferred_to_episode_id is not null"));
    }

    private static void AssertUnknownLabelsReported(Ctn0094ReleaseVariant variant, Ctn0094ImportResult result)
    {
        var summary = result.IssueSummary().Where(s => s.Reason.StartsWith("unknown visit label", StringComparison.Ordinal)).ToList();
        Assert.Equal(variant.UnknownLabels.Count, summary.Count);
        foreach (var (inSecond, label, count) in variant.UnknownLabels)
        {
            var trial = inSecond ? variant.SecondTrial : variant.FirstTrial;
            Assert.Contains(summary, s => s.Trial == trial && s.Table == "visit" && s.Count == count && s.Reason.StartsWith($"unknown visit label '{label}':", StringComparison.Ordinal));
        }
    }

    /// <summary>The care mapped, whatever the ids and dates: each episode's length, reason and medication, and each session's day in its episode and status.</summary>
    private static string[] Care(string drop)
    {
        var episodes = Csv(drop, "episodes").ToDictionary(e => e["episode_id"]);
        return [..
            episodes.Values.Select(e => $"episode {Day(e["discharge_date"]).DayNumber - Day(e["admission_date"]).DayNumber} {e["discharge_reason"]} {e["medication_for_addiction_treatment"]}").Order(StringComparer.Ordinal),
            .. Csv(drop, "sessions").Select(s => $"session {Day(s["session_date"]).DayNumber - Day(episodes[s["episode_id"]]["admission_date"]).DayNumber} {s["status"]}").Order(StringComparer.Ordinal),
            .. Csv(drop, "drug_screens").Select(s => $"screen {Day(s["collection_date"]).DayNumber - Day(episodes[s["episode_id"]]["admission_date"]).DayNumber} {s["result"]} {s["substances"]}").Order(StringComparer.Ordinal),
            .. Csv(drop, "follow_ups").Select(f => $"follow-up {f["days_after_discharge"]} {f["reached"]} {f["abstinent"]}").Order(StringComparer.Ordinal)];
    }

    /// <summary>The reasons rows were left out, counted, apart from what a variant changes on purpose (unknown labels, undeclared arms).</summary>
    private static string[] Reasons(Ctn0094ImportResult result) =>
        [.. result.Issues.Where(i => i.Line > 0 && !i.Reason.StartsWith("unknown visit label", StringComparison.Ordinal)).Select(i => $"{i.Table}: {i.Reason}").Order(StringComparer.Ordinal)];

    private (Ctn0094ImportResult Result, string Drop) Import(Ctn0094ReleaseVariant variant, string name)
    {
        var source = Path.Combine(_work, name, "source");
        variant.Write(source);
        var drop = Path.Combine(_work, name, "drop");
        return (new Ctn0094Importer().Import(source, drop), drop);
    }

    private static List<Dictionary<string, string>> Csv(string drop, string file)
    {
        var lines = File.ReadAllLines(Path.Combine(drop, file + ".csv"));
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }
}
