using Outcomes.Analytics.Clustering;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Runs.Families;
using Outcomes.Analytics.Suppression;
using Xunit;

namespace Outcomes.Analytics.Tests.Runs;

/// <summary>
/// Figures pooled over facilities are clustered by facility (CR1, t on G − 1) where there are enough facilities and that
/// interval is wider; otherwise they keep their interval and say why. Planted facility sums, as the grouped queries give
/// them (each facility's rows hold its patients' sums):
///   20 facilities (the threshold), each with 5 IOP patients of 2 weeks and 5 other PHP patients of 2 weeks.
///   H1-H10: IOP weeks met per patient 2, 2, 2, 1, 1 (8 of 10); L1-L10: 0, 0, 0, 1, 1 (2 of 10): a strong facility effect.
///   Every facility: PHP 1, 1, 1, 1, 0 (4 of 10).
/// By hand, IOP for all facilities: ȳ = 100/200 = 0.5.
///   By facility (R sandwich::vcovCL(lm(y ~ 1), cluster = ~facility, type = "HC1"), which for one coefficient is
///   G/(G − 1) · Σ_f (y_f − ȳ n_f)² / N²): residuals y_f − 0.5 · 10 = ±3, Σ² = 180, Var = (20/19)(180)/200² = 9/1900,
///   SE 0.0688247; t(0.975; 19) = 2.093024054 (R qt): half-width 0.144052.
///   By patient: residuals y_c − 0.5 · 2 = 1, 1, 1, 0, 0 or −1, −1, −1, 0, 0, Σ² = 60, Var = (100/99)(60)/200² = 1/660,
///   SE 0.0389249; t(0.975; 99) = 1.984216952: half-width 0.0772355, narrower, so the facility's interval is taken.
///   Design effect: s² = (100 − 200 · 0.25)/199 = 50/199, so (9/1900)/(50/199/200) = 3.77.
/// </summary>
public sealed class FacilityClusteredFiguresTests
{
    private const double T19 = 2.093024054;
    private static readonly double FacilityVariance = 20.0 / 19 * 180 / (200.0 * 200);

    private static readonly string[] Facilities =
        [.. Enumerable.Range(1, 10).Select(i => $"H{i:00}"), .. Enumerable.Range(1, 10).Select(i => $"L{i:00}")];

    [Fact]
    public void The_threshold_is_twenty_facilities()
    {
        Assert.Equal(20, OutcomeDefinitions.MinimumFacilitiesToClusterBy);
    }

    [Fact]
    public void A_rate_over_many_facilities_with_a_strong_facility_effect_takes_the_hand_computed_wider_interval_by_facility()
    {
        var iop = Pooled(ClusteredFigures(Facilities), OutcomeDefinitions.Iop);

        Assert.Equal(0.5, iop.Estimate!.Value, 12);
        Assert.Equal(0.5 - (T19 * Math.Sqrt(FacilityVariance)), iop.LowerBound!.Value, 7);
        Assert.Equal(0.5 + (T19 * Math.Sqrt(FacilityVariance)), iop.UpperBound!.Value, 7);
        Assert.Equal("cluster-robust by facility (CR1), 20 facilities, design effect 3.77; wider than by patient", iop.Note);
        Assert.Equal(200, iop.N);
    }

    [Fact]
    public void A_rate_whose_facilities_are_alike_keeps_its_interval_by_patient_and_says_so()
    {
        // PHP: every facility 4 of 10, so every facility's residual is 0 and the facility interval has no width. By
        // patient: residuals y_c − 0.8 = 0.2 (four) and −0.8, Σ² = 0.8 per facility, 16 in all; Var = (100/99)(16)/200²;
        // t(0.975; 99) = 1.984216952.
        var php = Pooled(ClusteredFigures(Facilities), OutcomeDefinitions.Php);
        var half = 1.984216952 * Math.Sqrt(100.0 / 99 * 16 / (200.0 * 200));

        Assert.Equal(0.4 - half, php.LowerBound!.Value, 7);
        Assert.Equal(0.4 + half, php.UpperBound!.Value, 7);
        Assert.StartsWith("cluster-robust by patient (CR1), 100 patients, design effect", php.Note, StringComparison.Ordinal);
        Assert.EndsWith("; 20 facilities: clustered by facility no wider", php.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void The_difference_over_many_facilities_takes_the_wider_interval_by_facility_and_its_wald_t_test()
    {
        // u_f = (y1_f − 0.5 n1_f)/200 − (y2_f − 0.4 n2_f)/200 = ±3/200: Σu² = 180/200², Var = (20/19)Σu², as for IOP above
        // (R: vcovCL(lm(y ~ iop), cluster = ~facility, type = "HC0", cadjust = TRUE)). By patient, 200 patients:
        // Var = (200/199)(60 + 16)/200², half-width 1.971956 × 0.043698 = 0.0862, narrower.
        // t = 0.1 / 0.0688247 = 1.452966 on 19 df; p from Student's t in closed form for odd df (Abramowitz and Stegun
        // 26.7.3): P(|T| ≤ t) = (2/π)[θ + sin θ (cos θ + (2/3) cos³θ + ... + (2·4···16)/(1·3···17) cos¹⁷θ)], θ = atan(t/√19);
        // R: 2 * pt(-1.452966, 19) = 0.16254.
        var difference = Pooled(ClusteredFigures(Facilities), Figure.IopMinusPhp);
        var se = Math.Sqrt(FacilityVariance);

        Assert.Equal(0.1, difference.Estimate!.Value, 12);
        Assert.Equal(0.1 - (T19 * se), difference.LowerBound!.Value, 7);
        Assert.Equal(0.1 + (T19 * se), difference.UpperBound!.Value, 7);
        Assert.Equal(OddDegreesTwoSidedP(0.1 / se, 19), difference.PValue!.Value, 8);
        Assert.Equal(0.16254, difference.PValue!.Value, 4);
        Assert.Equal("IOP minus PHP, crude; cluster-robust by facility (CR1), 20 facilities; wider than by patient; Wald t test", difference.Note);
    }

    [Fact]
    public void Episodes_over_many_facilities_with_a_strong_facility_effect_take_the_interval_by_facility_over_wilsons_and_newcombes()
    {
        // Each facility's IOP discharges 8 of 10 (H) or 2 of 10 (L) dropped out, PHP 4 of 10: the facilities' totals are
        // those of the weeks above, so the same variance by facility. Wilson's interval of 100 of 200 is about ±0.069.
        var figures = BinaryFigures(Facilities);
        var iop = Pooled(figures, OutcomeDefinitions.Iop);
        var difference = Pooled(figures, Figure.IopMinusPhp);
        var se = Math.Sqrt(FacilityVariance);

        Assert.Equal(0.5 + (T19 * se), iop.UpperBound!.Value, 7);
        Assert.Equal("cluster-robust by facility (CR1), 20 facilities, design effect 3.77; wider than the Wilson interval", iop.Note);
        Assert.Equal(0.1 - (T19 * se), difference.LowerBound!.Value, 7);
        Assert.Equal(OddDegreesTwoSidedP(0.1 / se, 19), difference.PValue!.Value, 8);
        Assert.Equal("IOP minus PHP, crude; cluster-robust by facility (CR1), 20 facilities; wider than Newcombe's interval; Wald t test", difference.Note);
    }

    [Fact]
    public void Three_facilities_with_the_same_strong_effect_are_too_few_and_keep_wilsons_interval_saying_so()
    {
        var figures = BinaryFigures(["H01", "H02", "L01"]);
        var iop = Pooled(figures, OutcomeDefinitions.Iop);
        var wilson = new Outcomes.Analytics.Proportions.Proportion(18, 30).Wilson();

        Assert.Equal((wilson.Lower, wilson.Upper), (iop.LowerBound!.Value, iop.UpperBound!.Value));
        Assert.Equal("3 facilities are too few to cluster by facility", iop.Note);
        Assert.EndsWith("score test; 3 facilities are too few to cluster by facility", Pooled(figures, Figure.IopMinusPhp).Note, StringComparison.Ordinal);
        Assert.Null(Single(figures, "H01", OutcomeDefinitions.Iop).Note);
    }

    [Fact]
    public void Nineteen_facilities_are_too_few_whatever_their_effect()
    {
        var iop = Pooled(ClusteredFigures(Facilities[..19]), OutcomeDefinitions.Iop);

        Assert.StartsWith("cluster-robust by patient (CR1), 95 patients", iop.Note, StringComparison.Ordinal);
        Assert.EndsWith("; 19 facilities are too few to cluster by facility", iop.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Clustering_by_facility_is_never_offered_below_the_threshold()
    {
        var facilities = Enumerable.Range(0, 19).Select(i => ClusterTotal.Binary(i % 2 == 0 ? 10 : 0, 10)).ToList();

        Assert.Null(FacilityClustering.WiderMean(facilities, 0.01));
        Assert.NotNull(FacilityClustering.WiderMean([.. facilities, ClusterTotal.Binary(0, 10)], 0.01));
    }

    private static Figure Pooled(IReadOnlyList<Figure> figures, string level) => Single(figures, Figure.All, level);

    private static Figure Single(IReadOnlyList<Figure> figures, string facility, string level) =>
        figures.Single(f => f.FacilityId == facility && f.LevelOfCare == level && f.ProgramKey is null);

    private static List<Figure> ClusteredFigures(IEnumerable<string> facilities)
    {
        var rows = new List<PatientClusters.Row>();
        foreach (var facility in facilities)
        {
            // Per level: patients, weeks, Σy_c, Σy_c², Σy_c·n_c, Σn_c² (n_c = 2 throughout).
            var high = facility.StartsWith('H');
            rows.Add(Row(facility, OutcomeDefinitions.Iop, 5, 10, high ? 8 : 2, high ? 14 : 2, high ? 16 : 4, 20));
            rows.Add(Row(facility, OutcomeDefinitions.Php, 5, 10, 4, 4, 8, 20));
            rows.Add(Row(facility, null, 10, 20, high ? 12 : 6, high ? 18 : 6, high ? 24 : 12, 40) with { PairClusters = 10 });
        }

        return [.. new RateFigures(new SmallCellPolicy(2)).ClusteredRatesAndDifferences("asam_weeks_met", rows)];
    }

    private static PatientClusters.Row Row(string facility, string? level, long clusters, double units, double sum, double squares, double timesUnits, double unitsSquared) =>
        new("asam_weeks_met", facility, level, null, "", clusters, units, sum, squares, timesUnits, unitsSquared, 0, 0, 0, 0, 0);

    private static List<Figure> BinaryFigures(IEnumerable<string> facilities)
    {
        var counts = facilities.SelectMany((facility, i) => new[]
        {
            new RateCounts(facility, OutcomeDefinitions.Iop, (2 * i) + 1, "", facility.StartsWith('H') ? 8 : 2, 10),
            new RateCounts(facility, OutcomeDefinitions.Php, (2 * i) + 2, "", 4, 10),
        }).ToList();
        return [.. new RateFigures(new SmallCellPolicy(2)).RatesAndDifferences("dropout", counts, isRate: true)];
    }

    /// <summary>Two-sided p of Student's t with odd degrees of freedom ν ≥ 3, Abramowitz and Stegun 26.7.3.</summary>
    private static double OddDegreesTwoSidedP(double t, int degrees)
    {
        var theta = Math.Atan(Math.Abs(t) / Math.Sqrt(degrees));
        var (cos, sin) = (Math.Cos(theta), Math.Sin(theta));
        double term = cos, series = cos;
        for (var k = 1; (2 * k) + 1 <= degrees - 2; k++)
        {
            term *= 2.0 * k / ((2 * k) + 1) * cos * cos;
            series += term;
        }

        return 1 - (2 / Math.PI * (theta + (sin * series)));
    }
}
