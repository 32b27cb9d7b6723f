using System.Globalization;
using Outcomes.Analytics.Measurement;
using Outcomes.Analytics.Measurement.Tracking;
using Outcomes.Ingest.Contract.Instruments;
using ScoreDirection = Outcomes.Analytics.Measurement.ScoreDirection;

namespace Outcomes.Web.Recovery;

/// <summary>
/// One line of the not-on-track list as the page shows it: the patient (by episode number only), the expected score and
/// band of the latest score's week, how far beyond the band it lies, the change so far with whether it is reliable
/// (Jacobson–Truax, <see cref="ChangeClassification"/>), the episode's open dropout flag if it has one (the only way to its
/// source ids: that flag's audited "show id"), and the picture.
/// </summary>
internal sealed record OffTrackRow(NotOnTrackPatient Patient, ExpectedRecoveryCurve Curve, ChangeCriteria? Criteria, long? FlagId)
{
    /// <summary>The instrument as clinicians write it: PHQ-9, GAD-7, PCL-5.</summary>
    public string InstrumentName => ShortName(Patient.Instrument);

    public double Expected => Curve.Expected(Patient.Intake, Patient.Week);

    /// <summary>
    /// The expected score and the band as a score can be: the log-linear curve keeps falling below the instrument's floor
    /// for a low intake (an expected PHQ-9 of −2), which no patient can score. The rule itself reads the band unclamped.
    /// </summary>
    public (double Expected, double Lower, double Upper) Shown
    {
        get
        {
            var instrument = InstrumentCatalogue.Find(Patient.Instrument, []);
            double Clamp(double v) => Math.Clamp(v, instrument?.TotalMin ?? double.MinValue, instrument?.TotalMax ?? double.MaxValue);
            return (Clamp(Expected), Clamp(Patient.Band.Lower), Clamp(Patient.Band.Upper));
        }
    }

    /// <summary>Points beyond the band's edge on the side of illness (positive for every listed patient).</summary>
    public double Beyond => Curve.Direction == ScoreDirection.HigherIsWorse ? Patient.Latest - Patient.Band.Upper : Patient.Band.Lower - Patient.Latest;

    /// <summary>
    /// <see cref="Beyond"/> in widths of the band: the list's order, farthest first, so that instruments of different
    /// ranges (PHQ-9 0–27, PCL-5 0–80) compare.
    /// </summary>
    public double BeyondInBands => Patient.Band.Upper > Patient.Band.Lower ? Beyond / (Patient.Band.Upper - Patient.Band.Lower) : Beyond;

    public string BeyondWords => string.Create(CultureInfo.InvariantCulture,
        $"{Beyond:0.0} points {(Curve.Direction == ScoreDirection.HigherIsWorse ? "above" : "below")} the band");

    public double Change => Patient.Latest - Patient.Intake;

    public ChangeCategory? Category => Criteria is null ? null : ChangeClassification.Classify(Patient.Intake, Patient.Latest, Criteria);

    /// <summary>The smallest change in points that is reliable on this instrument (1.96 standard errors of the difference).</summary>
    public double? ReliableChangePoints => Criteria is null ? null : ReliableChange.MinimumReliableChange(Criteria.IntakeStandardDeviation, Criteria.Reliability);

    public string ChangeWords => Category switch
    {
        null => "reliability not known for this instrument",
        ChangeCategory.Recovered => "reliable improvement, out of the clinical range",
        ChangeCategory.Improved => "reliable improvement",
        ChangeCategory.Deteriorated => "reliably worse",
        _ => "no reliable change",
    } + (ReliableChangePoints is { } points ? string.Create(CultureInfo.InvariantCulture, $" (reliable beyond {points:0.0} points)") : "");

    public RecoveryChart Chart()
    {
        var instrument = InstrumentCatalogue.Find(Patient.Instrument, []);
        var (min, max) = (instrument?.TotalMin, instrument?.TotalMax) is ({ } low, { } high)
            ? (low, high)
            : ((int)Math.Floor(Math.Min(Patient.Band.Lower, Patient.Scores.Select(s => s.Score).Append(Patient.Intake).Min())),
               (int)Math.Ceiling(Math.Max(Patient.Band.Upper, Patient.Scores.Select(s => s.Score).Append(Patient.Intake).Max())) + 1);
        return RecoveryChart.Of(Patient, Curve, InstrumentName, Patient.Level, min, max, instrument?.ClinicalCutOff);
    }

    public static string ShortName(string code) => code.ToUpperInvariant().Replace('_', '-');
}
