namespace Outcomes.Ingest.Contract.Instruments;

/// <summary>
/// A standardised instrument as its authors publish it: the code a center sends it by, its range, which way is
/// better, its severity bands and clinical cut-off, the reliability the reliable change index uses, its subscales and
/// the source of each number (docs/instruments.md). The built-in ones are <see cref="InstrumentCatalogue.BuiltIn"/>;
/// a program's own instrument is declared in the settings (<c>Jobs:Instruments</c>, <see cref="ProgramInstrumentOptions"/>), handed to
/// the ingest (<see cref="IngestOptions.ProgramInstruments"/>) and stored with its scores (<see cref="ProgramInstrumentStore"/>).
/// </summary>
public sealed record Instrument
{
    /// <summary>The code in assessments.csv or surveys.csv, written as the contract writes codes ("phq_9").</summary>
    public required string Code { get; init; }

    public required string Name { get; init; }

    public required InstrumentPurpose Purpose { get; init; }

    /// <summary>Which way the total moves as the person gets better (or as care is rated better).</summary>
    public required ScoreDirection Direction { get; init; }

    /// <summary>The lowest total; null for an instrument scored by its subscales alone (the BAM).</summary>
    public int? TotalMin { get; init; }

    /// <summary>The highest total; null for an instrument scored by its subscales alone (the BAM).</summary>
    public int? TotalMax { get; init; }

    /// <summary>
    /// The numbers on the form of the items a row may send, in the order it sends them (empty: the instrument takes no
    /// item scores). The BAM's item 7 only details item 6 and is not scored, so it is not among them.
    /// </summary>
    public IReadOnlyList<int> ItemNumbers { get; init; } = [];

    public int ItemMin { get; init; }

    public int ItemMax { get; init; }

    /// <summary>Published severity bands, lowest first (empty when none are published).</summary>
    public IReadOnlyList<ScoreBand> Bands { get; init; } = [];

    /// <summary>
    /// The published cut-off between the clinical and the non-clinical range of the total: for a higher-is-worse
    /// instrument a total at or above it is in the clinical range. Null when none is published.
    /// </summary>
    public int? ClinicalCutOff { get; init; }

    /// <summary>
    /// The published norms of a clinical and a functional sample, given by a program's own instrument instead of a
    /// cut-off: the boundary between the ranges is then Jacobson and Truax's criterion c computed from them (docs/instruments.md).
    /// Null for every built-in instrument and for a program instrument declared with a cut-off or with neither.
    /// </summary>
    public PopulationNorms? Norms { get; init; }

    /// <summary>
    /// The reliability the Jacobson–Truax reliable change index uses for the total (test-retest where published, as
    /// Jacobson and Truax 1991 did); null when none is published, and then no reliable change is computed.
    /// </summary>
    public Reliability? ReliabilityForChange { get; init; }

    /// <summary>Other published reliabilities of the total, for the record.</summary>
    public IReadOnlyList<Reliability> OtherReliabilities { get; init; } = [];

    public IReadOnlyList<Subscale> Subscales { get; init; } = [];

    /// <summary>The publication the instrument and its scoring come from.</summary>
    public required string Source { get; init; }

    /// <summary>Declared by a program in the ingest's configuration rather than built in.</summary>
    public bool IsProgramDefined { get; init; }

    public bool HasTotal => TotalMax is not null;

    /// <summary>The band a total falls in, or null when the instrument publishes none.</summary>
    public ScoreBand? BandOf(int total) => Bands.LastOrDefault(b => total >= b.From);

    /// <summary>Whether a total lies in the clinical range by the published cut-off (null when none is published).</summary>
    public bool? IsClinical(int total) => ClinicalCutOff is not { } cut ? null
        : Direction == ScoreDirection.HigherIsWorse ? total >= cut : total <= cut;

    /// <summary>
    /// A program's own instrument, declared in configuration with the range, direction, cut-off (or the norms of a
    /// clinical and a functional sample) and reliability the program vouches for; it takes totals only.
    /// </summary>
    public static Instrument ProgramDefined(
        string code, string name, InstrumentPurpose purpose, int min, int max, ScoreDirection direction,
        int? clinicalCutOff = null, Reliability? reliability = null, string source = "declared by the program", PopulationNorms? norms = null)
    {
        if (InstrumentCatalogue.NormalizeCode(code) is not { Length: > 0 } normalized || normalized.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '_')))
        {
            throw new ArgumentException("An instrument code is letters, digits and _ (spaces and hyphens count as _).", nameof(code));
        }

        if (InstrumentCatalogue.BuiltIn.Any(i => i.Code == normalized))
        {
            throw new ArgumentException($"{normalized} is a built-in instrument; a program's own instrument needs a code of its own.", nameof(code));
        }

        if (min >= max || min < short.MinValue || max > short.MaxValue)
        {
            throw new ArgumentException($"The range of {normalized} must run from a lower to a higher whole number.", nameof(min));
        }

        if (norms is not null && (clinicalCutOff is not null || !norms.HasPositiveSpreads || !norms.PointsTheWayOf(direction)
            || !(norms.ClinicalMean >= min && norms.ClinicalMean <= max && norms.FunctionalMean >= min && norms.FunctionalMean <= max)))
        {
            throw new ArgumentException(
                $"The norms of {normalized} must come without a cut-off, with positive standard deviations, both means within the range and the clinical mean on the clinical side of the functional one.",
                nameof(norms));
        }

        return new Instrument
        {
            Code = normalized, Name = name, Purpose = purpose, Direction = direction, TotalMin = min, TotalMax = max,
            ClinicalCutOff = clinicalCutOff, Norms = norms, ReliabilityForChange = reliability, Source = source, IsProgramDefined = true,
        };
    }
}
