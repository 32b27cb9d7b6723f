using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Analytics.Tests.Runs;

/// <summary>
/// A planted cohort in which the patients whose co-occurring disorder the record leaves unknown differ both in their
/// level of care and in their dropout (they are mostly in IOP, and they are the ones who leave before an assessment).
/// Two facilities hold the same patients; F1 sends their status as <c>unknown</c>, F2 as <c>no</c> — what coding an
/// unknown as "no" amounts to. Each facility's courses are one stay each, admitted 1 April 2026 and discharged 20 April,
/// so the stay-level and the course-level comparison see the same admissions. Half of every cell was born in 1980,
/// half in 1990, and half of each cell's dropouts too, so age is unrelated to both level and dropout.
///
///   co-occurring   IOP: n  dropouts (rate)   PHP: n  dropouts (rate)
///   no                  200   60 (0.30)            200   40 (0.20)
///   yes                 100   40 (0.40)            200   60 (0.30)
///   unknown             200  140 (0.70)             20   12 (0.60)
///
/// In every row IOP's dropout is 0.10 above PHP's, so the true IOP − PHP difference standardised to any mix of the rows
/// is +0.10. With unknown as its own category the propensity model is saturated in the three rows and the weighted
/// rates are the rows' rates standardised to the whole cohort: exactly +0.10.
/// Coded as "no", the first and last rows merge: IOP 200/400 = 0.500, PHP 52/220 = 0.2364. Standardised to the cohort
/// (620 of 920 "no", 300 "yes"): IOP 620/920 × 0.5 + 300/920 × 0.4 = 0.46739, PHP 620/920 × 0.23636 + 300/920 × 0.3
/// = 0.25711, a difference of +0.21028 — twice the truth, and no nearer it than the crude 240/500 − 112/420 = +0.21333.
/// </summary>
public sealed class UnknownCharacteristicTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const double Truth = 0.10;
    private static readonly DateOnly Through = new(2026, 10, 31);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outcomes-unknown-" + Guid.NewGuid().ToString("N")[..10]);
    private AnalysisRun _run = null!;

    public async Task InitializeAsync()
    {
        WriteDrop();
        var ingest = await new FolderIngestor(database.DataSource, NullLogger.Instance)
            .IngestAsync(_folder, new IngestOptions { Today = Through });
        Assert.All(ingest.Files, f => Assert.Equal(0, f.RowsQuarantined));
        _run = await new PeriodAnalysis(database.DataSource, new SmallCellPolicy()).RunAsync(ReportingPeriod.Parse("2026-04"), null, Through);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("dropout_adjusted")]
    [InlineData("course_dropout_adjusted")]
    public void With_unknown_as_its_own_category_the_adjusted_difference_recovers_the_planted_effect(string metric)
    {
        var adjusted = _run.Find(metric, "F1", Figure.IopMinusPhp).Single();

        Assert.Equal(Truth, adjusted.Estimate!.Value, 6);
        Assert.InRange(Truth, adjusted.LowerBound!.Value, adjusted.UpperBound!.Value);
    }

    [Theory]
    [InlineData("dropout_adjusted")]
    [InlineData("course_dropout_adjusted")]
    public void Coded_as_no_the_same_patients_give_the_hand_computed_biased_difference_whose_interval_misses_the_truth(string metric)
    {
        var adjusted = _run.Find(metric, "F2", Figure.IopMinusPhp).Single();

        Assert.Equal(0.46739 - 0.25711, adjusted.Estimate!.Value, 4);
        Assert.True(adjusted.LowerBound > Truth, $"interval {adjusted.LowerBound} to {adjusted.UpperBound}");
    }

    [Theory]
    [InlineData("standardised_difference")]
    [InlineData("course_standardised_difference")]
    public void The_balance_table_shows_the_unknown_category_balanced_by_the_weights_and_leaves_out_unknowns_nobody_has(string metric)
    {
        var before = Balance(metric, "F1");
        var after = Balance(metric + "_weighted", "F1");

        // Unknown in 200 of 500 IOP and 20 of 420 PHP: (0.4 − 0.0476) / sqrt((0.24 + 0.0454) / 2) = 0.933.
        Assert.Equal(0.933, before["co-occurring disorder unknown"].Estimate!.Value, 3);
        Assert.Equal(0, after["co-occurring disorder unknown"].Estimate!.Value, 6);
        Assert.All(after.Values, f => Assert.InRange(Math.Abs(f.Estimate!.Value), 0, 0.1));
        // Nobody's sex, substance, referral or payer is unknown, and nobody was screened at intake (so every one's
        // screen is unknown): those indicators tell nothing here and are left out.
        Assert.DoesNotContain("sex unknown", before.Keys);
        Assert.DoesNotContain("payer unknown", before.Keys);
        Assert.DoesNotContain("no screen at intake", before.Keys);
        Assert.DoesNotContain("co-occurring disorder unknown", Balance(metric, "F2").Keys);
    }

    private Dictionary<string, Figure> Balance(string metric, string facility) =>
        _run.Figures.Where(f => f.Metric == metric && f.FacilityId == facility).ToDictionary(f => f.Grouping);

    private void WriteDrop()
    {
        Directory.CreateDirectory(_folder);
        var programs = new StringBuilder("facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week\n");
        var patients = new StringBuilder("facility_id,patient_id,birth_year,sex,race,ethnicity,primary_substance,co_occurring_disorder,referral_source,payer\n");
        var episodes = new StringBuilder("facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment\n");
        (string Status, string Program, int Total, int Dropouts)[] cells =
        [
            ("no", "IOP", 200, 60), ("no", "PHP", 200, 40),
            ("yes", "IOP", 100, 40), ("yes", "PHP", 200, 60),
            ("unknown", "IOP", 200, 140), ("unknown", "PHP", 20, 12),
        ];
        foreach (var facility in new[] { "F1", "F2" })
        {
            programs.Append(CultureInfo.InvariantCulture, $"{facility},IOP,Adult IOP,IOP,2.1,3,8,9\n{facility},PHP,Adult PHP,PHP,2.5,3,3,20\n");
            // A first admission long before April, so that April's courses begin after the run-in.
            Add(facility, "no", "IOP", 1985, new DateOnly(2025, 11, 3), new DateOnly(2025, 12, 19), "completed");
            foreach (var (status, program, total, dropouts) in cells)
            {
                for (var i = 0; i < total; i++)
                {
                    // Alternate birth years, and the dropouts are the first of each cell: half of them in each year.
                    var recorded = status == "unknown" && facility == "F2" ? "no" : status;
                    Add(facility, recorded, program, i % 2 == 0 ? 1980 : 1990, new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 20),
                        i < dropouts ? "dropped_out" : "completed");
                }
            }
        }

        File.WriteAllText(Path.Combine(_folder, "programs.csv"), programs.ToString());
        File.WriteAllText(Path.Combine(_folder, "patients.csv"), patients.ToString());
        File.WriteAllText(Path.Combine(_folder, "episodes.csv"), episodes.ToString());

        void Add(string facility, string coOccurring, string program, int birthYear, DateOnly admitted, DateOnly discharged, string reason)
        {
            var id = patients.Length;
            patients.Append(CultureInfo.InvariantCulture, $"{facility},P{id},{birthYear},male,white,not_hispanic,alcohol,{coOccurring},individual,private_insurance\n");
            episodes.Append(CultureInfo.InvariantCulture, $"{facility},E{id},P{id},{program},{admitted:yyyy-MM-dd},{discharged:yyyy-MM-dd},{reason},,no\n");
        }
    }
}
