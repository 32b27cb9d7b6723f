using System.Globalization;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Training;

namespace Outcomes.Benchmarks.Model;

/// <summary>Prints <see cref="LandmarkBenchmark"/>'s figures: both models overall, on the shared days, and by landmark day.</summary>
internal static class LandmarkReport
{
    public static void Write(TextWriter o, LandmarkBenchmark.Figures figures)
    {
        var c = CultureInfo.InvariantCulture;
        var r = figures.Comparison;
        o.WriteLine();
        o.WriteLine(string.Create(c, $"cohort: {figures.Episodes:N0} episodes, {figures.Snapshots:N0} snapshots (days {string.Join(", ", r.WideSet.Days)}); test: admissions on or after {r.Cutoff:yyyy-MM-dd}; {figures.Elapsed.TotalSeconds:F0} s"));
        foreach (var (name, result) in new[] { (r.NarrowSet.Name, r.Narrow), (r.WideSet.Name, r.Wide) })
        {
            var e = result.Evaluations[0];
            o.WriteLine(string.Create(c,
                $"{name,-12} own test rows {result.TestRows,7:N0} ({result.TestDropoutRate:P1} events)  AUROC {e.Auroc:F3} ({e.AurocInterval.Lower:F3}-{e.AurocInterval.Upper:F3})  slope {e.CalibrationSlope:F2}  intercept {e.CalibrationIntercept:F2}  Brier {e.Brier:F4}  domain {result.Domain?.DaysText}"));
        }

        var s = r.Shared;
        o.WriteLine(string.Create(c, $"shared days {string.Join(", ", s.Days)}: {s.Rows:N0} test snapshots, {s.Events:N0} events"));
        foreach (var (name, e) in new[] { (r.NarrowSet.Name, s.Narrow), (r.WideSet.Name, s.Wide) })
        {
            o.WriteLine(string.Create(c,
                $"  {name,-12} AUROC {e.Auroc:F3} ({e.AurocInterval.Lower:F3}-{e.AurocInterval.Upper:F3})  slope {e.CalibrationSlope:F2}  intercept {e.CalibrationIntercept:F2}  Brier {e.Brier:F4}"));
        }

        o.WriteLine(string.Create(c,
            $"  difference (whole stay - first month) {s.AurocDifference:+0.000;-0.000} ({s.AurocDifferenceInterval.Lower:+0.000;-0.000} to {s.AurocDifferenceInterval.Upper:+0.000;-0.000}): {(r.WideNoWorseOnSharedDays ? "no worse" : "worse")} on the shared days (margin {PromotionCheck.AurocMargin})"));
        o.WriteLine("by landmark day (test snapshots, events, AUROC (95% CI), slope, intercept, mean predicted, observed):");
        foreach (var (name, result) in new[] { (r.NarrowSet.Name, r.Narrow), (r.WideSet.Name, r.Wide) })
        {
            foreach (var d in result.ByLandmarkDay)
            {
                var auroc = d.TooSmall ? "too few to judge" : string.Create(c, $"{d.Auroc:F3} ({d.AurocInterval!.Value.Lower:F3}-{d.AurocInterval.Value.Upper:F3})");
                o.WriteLine(string.Create(c,
                    $"  {name,-12} day {d.Day,3}  {d.Rows,6:N0}  {d.Events,5:N0}  {auroc,-22}  {d.CalibrationSlope,5:F2}  {d.CalibrationIntercept,5:F2}  {d.MeanPredicted:P1}  {d.Observed:P1}"));
            }
        }
    }
}
