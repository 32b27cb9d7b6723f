using System.Globalization;
using Outcomes.Analytics.Measurement;
using Outcomes.Analytics.Measurement.Tracking;

namespace Outcomes.Web.Recovery;

/// <summary>
/// The inline picture of one not-on-track patient (<c>_RecoveryChart</c>, drawn as the worklist's sparkline is: SVG with
/// presentation attributes only, a title and an accessible name): the expected-recovery curve of the patient's instrument
/// and level from the patient's own intake, its tolerance band, and the patient's scores as points, the latest one larger.
/// Weeks since admission run left to right, the instrument's whole range bottom to top (higher is worse on PHQ-9, GAD-7
/// and PCL-5). <see cref="Words"/> says the same in words for a screen reader.
/// </summary>
internal sealed record RecoveryChart(
    string BandPoints, string ExpectedPoints, IReadOnlyList<RecoveryChart.Point> Points,
    IReadOnlyList<RecoveryChart.Tick> XTicks, IReadOnlyList<RecoveryChart.Tick> YTicks, double? CutoffY, string Words)
{
    public const int Width = 250;
    public const int Height = 120;
    public const double Left = 26;
    public const double Right = Width - 8;
    public const double Top = 8;
    public const double Bottom = Height - 18;

    /// <summary>The fewest weeks drawn: the curve's fast first weeks stay visible beside a patient scored early.</summary>
    public const int MinimumWeeks = 4;

    /// <summary>A score drawn, with what it is in words (intake, week N, latest).</summary>
    public readonly record struct Point(double X, double Y, bool Latest, string Label);

    /// <summary>An axis label at its place, anchored as SVG's text-anchor says (the last week's ends at the axis' end).</summary>
    public readonly record struct Tick(double At, string Text, string Anchor = "middle");

    /// <param name="cutoff">the instrument's published first clinical total (PHQ-9 10), drawn as a dotted line; null for none.</param>
    public static RecoveryChart Of(
        NotOnTrackPatient patient, ExpectedRecoveryCurve curve, string instrumentName, string level, int scoreMin, int scoreMax, int? cutoff)
    {
        var weeks = Math.Max(MinimumWeeks, patient.Scores.Count == 0 ? patient.Week : patient.Scores.Max(s => s.Week));
        double X(double week) => Left + ((Right - Left) * week / weeks);
        double Y(double score) => Bottom - ((Bottom - Top) * (Math.Clamp(score, scoreMin, scoreMax) - scoreMin) / (scoreMax - scoreMin));
        static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        // The curve is ln(w + 1): drawn through quarter weeks, smooth enough at this size.
        var steps = Enumerable.Range(0, (weeks * 4) + 1).Select(i => i / 4.0).ToList();
        var upper = steps.Select(w => $"{N(X(w))},{N(Y(Bound(curve, patient.Intake, w, upper: true)))}");
        var lower = steps.AsEnumerable().Reverse().Select(w => $"{N(X(w))},{N(Y(Bound(curve, patient.Intake, w, upper: false)))}");
        var expected = steps.Select(w => $"{N(X(w))},{N(Y(patient.Intake + (curve.Slope * Math.Log(w + 1))))}");

        var points = new List<Point> { new(X(0), Y(patient.Intake), patient.Scores.Count == 0, $"intake {N(patient.Intake)}") };
        points.AddRange(patient.Scores.Select((s, i) => new Point(X(s.Week), Y(s.Score), i == patient.Scores.Count - 1, $"week {s.Week} {N(s.Score)}")));

        var xTicks = new[] { 0, weeks / 2, weeks }.Distinct()
            .Select(w => w == weeks ? new Tick(Right + 4, $"{w} weeks", "end") : new Tick(X(w), w.ToString(CultureInfo.InvariantCulture))).ToList();
        var inRange = cutoff is { } c && c > scoreMin && c < scoreMax ? cutoff : null;
        var yTicks = new[] { scoreMin, inRange, scoreMax }.OfType<int>().Select(s => new Tick(Y(s), s.ToString(CultureInfo.InvariantCulture), "end")).ToList();

        // In words as on the page: the expected score and the band as a score can be (within the instrument's range).
        double Score(double v) => Math.Clamp(v, scoreMin, scoreMax);
        var words = string.Create(CultureInfo.InvariantCulture,
            $"{instrumentName} at {level.ToUpperInvariant()}, expected recovery from an intake of {N(patient.Intake)}: by week {patient.Week} about {Score(curve.Expected(patient.Intake, patient.Week)):0.0}, band {Score(patient.Band.Lower):0.0} to {Score(patient.Band.Upper):0.0}. ")
            + "This patient's scores: " + string.Join(", ", points.Select(p => p.Label)) + " (latest). "
            + (curve.Direction == ScoreDirection.HigherIsWorse ? "Higher is worse" : "Higher is better")
            + (inRange is { } line ? string.Create(CultureInfo.InvariantCulture, $"; the clinical range {(curve.Direction == ScoreDirection.HigherIsWorse ? "begins" : "ends")} at {line}.") : ".");
        return new RecoveryChart(string.Join(' ', upper.Concat(lower)), string.Join(' ', expected), points, xTicks, yTicks,
            inRange is { } at ? Y(at) : null, words);
    }

    private static double Bound(ExpectedRecoveryCurve curve, double intake, double week, bool upper) =>
        intake + (curve.Slope * Math.Log(week + 1)) + (upper ? curve.UpperResidual : curve.LowerResidual);
}
