using Outcomes.Ingest.Contract.Instruments;

namespace Outcomes.Analytics.Measurement;

/// <summary>
/// What the period analysis takes from the instrument catalogue (<see cref="InstrumentCatalogue"/>, docs/instruments.md):
/// the progress instruments with a total whose change it measures, and each one's <see cref="ChangeCriteria"/> — its
/// direction, its published reliability for change and its published cut-off — with the intake standard deviation, which
/// no catalogue entry publishes for this population, taken from the program's own intake scores.
/// </summary>
public static class InstrumentCriteria
{
    /// <summary>
    /// The days after admission within which the first score counts as the intake score (a score sent before admission,
    /// at the pre-admission assessment the contract allows, counts too).
    /// </summary>
    public const int IntakeWindowDays = 7;

    /// <summary>The built-in progress instruments with a total: the ones whose change from intake a run stores.</summary>
    public static IReadOnlyList<Instrument> WithTotal { get; } =
        [.. InstrumentCatalogue.BuiltIn.Where(i => i is { Purpose: InstrumentPurpose.Progress, HasTotal: true })];

    /// <summary>
    /// The progress instruments with a total among the built-in ones and <paramref name="programInstruments"/>, the
    /// program's own as the loads stored them (<see cref="ProgramInstrumentStore"/>): a run measures both.
    /// </summary>
    public static IReadOnlyList<Instrument> WithTotalAnd(IEnumerable<Instrument> programInstruments) =>
        [.. WithTotal, .. programInstruments.Where(i => i is { Purpose: InstrumentPurpose.Progress, HasTotal: true } && WithTotal.All(b => b.Code != i.Code))];

    /// <summary>
    /// The criteria of <paramref name="instrument"/> with the intake standard deviation <paramref name="intakeStandardDeviation"/>,
    /// or null when the instrument gives no reliability for change (the catalogue's BAM, a program's own instrument declared
    /// without one) or the standard deviation is not positive: then no reliable change is computed. The cut-off is optional:
    /// without one (a program's own instrument declared without) reliable change is computed, clinically significant change
    /// is not. The published cut-off is the first clinical total ("10 or more"), so the cut-off between the ranges lies half a
    /// point before it on the side of health (9.5 for PHQ-9: a total of 10 is clinical, 9 functional). A program's own
    /// instrument declared with the norms of a clinical and a functional sample instead has Jacobson and Truax's criterion c
    /// (<see cref="ClinicalCutoff.CriterionC"/>) as the cut-off, unshifted: c is already a boundary, rarely a whole number.
    /// </summary>
    public static ChangeCriteria? For(Instrument instrument, double intakeStandardDeviation)
    {
        if (instrument.ReliabilityForChange is not { } reliability
            || !(intakeStandardDeviation > 0) || reliability.Coefficient is <= 0 or >= 1)
        {
            return null;
        }

        var direction = Direction(instrument);
        double? cutoff = instrument switch
        {
            { Norms: { } norms } => ClinicalCutoff.CriterionC(norms, direction),
            { ClinicalCutOff: { } cut } => direction == ScoreDirection.HigherIsWorse ? cut - 0.5 : cut + 0.5,
            _ => null,
        };
        return new ChangeCriteria(direction, intakeStandardDeviation, reliability.Coefficient, cutoff);
    }

    /// <summary>
    /// The lowest total of a satisfaction survey that counts as top box: the survey's best total, every item answered at
    /// its best (CSQ-8: 32, "excellent", "yes, definitely", ... throughout), as CAHPS counts the most positive answer
    /// (AHRQ, CAHPS survey scoring). Null for a survey whose best total is not its highest.
    /// </summary>
    public static int? TopBoxFrom(Instrument survey) =>
        survey is { Purpose: InstrumentPurpose.Satisfaction, Direction: Ingest.Contract.Instruments.ScoreDirection.HigherIsBetter, TotalMax: { } max } ? max : null;

    /// <summary>The catalogue's direction as the estimators spell it.</summary>
    public static ScoreDirection Direction(Instrument instrument) =>
        instrument.Direction == Ingest.Contract.Instruments.ScoreDirection.HigherIsWorse ? ScoreDirection.HigherIsWorse : ScoreDirection.HigherIsBetter;
}
