using System.Globalization;

namespace Outcomes.Ingest.Contract.Instruments;

/// <summary>
/// A program's own instrument as the settings declare it (<c>Jobs:Instruments</c>, docs/instruments.md): bound from the
/// configuration by the server and by <c>outcomes ingest</c>, checked once by <see cref="Problems"/>, then turned into
/// an <see cref="Instrument"/> by <see cref="ToInstrument"/>.
/// </summary>
public sealed class ProgramInstrumentOptions
{
    /// <summary>The code rows name it by in assessments.csv or surveys.csv (letters, digits, '_'; spaces and '-' count as '_').</summary>
    public string Code { get; set; } = "";

    /// <summary>What it is called in reports; the code when left out.</summary>
    public string? Name { get; set; }

    /// <summary><c>assessments</c> (a progress measure, the default) or <c>surveys</c> (a satisfaction survey).</summary>
    public string File { get; set; } = AssessmentsFile;

    /// <summary>The lowest total.</summary>
    public int? Min { get; set; }

    /// <summary>The highest total.</summary>
    public int? Max { get; set; }

    /// <summary><c>lower</c> (a fall is an improvement: symptom scales) or <c>higher</c> (a rise is: recovery capital, satisfaction).</summary>
    public string? BetterIs { get; set; }

    /// <summary>
    /// The published cut-off, the edge of the clinical range as the catalogue writes it: when lower is better a total at or
    /// above it is clinical ("10 or more" is 10), when higher is better a total at or below it. Left out: no clinically
    /// significant change.
    /// </summary>
    public int? ClinicalCutOff { get; set; }

    /// <summary>
    /// The mean total of a published clinical sample, one of the four norms that may stand instead of
    /// <see cref="ClinicalCutOff"/> for an instrument with no published cut-off: the boundary between the ranges is then
    /// Jacobson and Truax's criterion c, (s₀·M₁ + s₁·M₀)/(s₀ + s₁). All four or none.
    /// </summary>
    public double? ClinicalMean { get; set; }

    /// <summary>The standard deviation of the clinical sample's totals (s₁); with the other norms.</summary>
    public double? ClinicalStandardDeviation { get; set; }

    /// <summary>The mean total of a published functional (non-clinical) sample (M₀); with the other norms.</summary>
    public double? FunctionalMean { get; set; }

    /// <summary>The standard deviation of the functional sample's totals (s₀); with the other norms.</summary>
    public double? FunctionalStandardDeviation { get; set; }

    /// <summary>The published reliability for change, between 0 and 1. Left out: no reliable change.</summary>
    public double? Reliability { get; set; }

    /// <summary><c>test-retest</c> (the default, as Jacobson and Truax used) or <c>internal-consistency</c> (Cronbach's alpha).</summary>
    public string ReliabilityKind { get; set; } = TestRetest;

    /// <summary>
    /// Where the range, the cut-off (or the norms) and the reliability come from: a citation, or the program's own
    /// validation study.
    /// </summary>
    public string? Source { get; set; }

    public const string AssessmentsFile = "assessments";
    public const string SurveysFile = "surveys";
    public const string Lower = "lower";
    public const string Higher = "higher";
    public const string TestRetest = "test-retest";
    public const string InternalConsistency = "internal-consistency";

    /// <summary>
    /// What is wrong with <paramref name="instruments"/>, each naming its setting (<paramref name="section"/>:N:Field) and
    /// what was expected; empty when every one can be used.
    /// </summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<ProgramInstrumentOptions> instruments, string section)
    {
        var problems = new List<string>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < instruments.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{section}:{i}");
            problems.AddRange(instruments[i].ProblemsAt(at, codes));
        }

        return problems;
    }

    private IEnumerable<string> ProblemsAt(string at, HashSet<string> codes)
    {
        var code = InstrumentCatalogue.NormalizeCode(Code ?? "");
        if (code.Length is 0 or > 40 || code.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '_')))
        {
            yield return $"{at}:Code: expected 1 to 40 letters, digits, '_', '-' or spaces, the code rows name the instrument by.";
        }
        else if (InstrumentCatalogue.BuiltIn.FirstOrDefault(b => b.Code == code) is { } builtIn)
        {
            yield return $"{at}:Code: '{code}' is the built-in {builtIn.Name}, whose published range, cut-off and reliability are in the catalogue; a program's own instrument needs a code of its own.";
        }
        else if (!codes.Add(code))
        {
            yield return $"{at}:Code: '{code}' is declared twice; each instrument once.";
        }

        if (PurposeOf(File) is null)
        {
            yield return $"{at}:File: '{File}' is not a file of instrument scores; expected '{AssessmentsFile}' (a progress measure) or '{SurveysFile}' (a satisfaction survey).";
        }

        if (Min is not { } min || Max is not { } max)
        {
            yield return $"{at}:Min and Max: expected the lowest and the highest total of the instrument.";
        }
        else if (min >= max)
        {
            yield return $"{at}:Min and Max: the range {min} to {max} is inverted or empty; expected Min below Max.";
        }
        else if (min < short.MinValue || max > short.MaxValue)
        {
            yield return $"{at}:Min and Max: expected totals from {short.MinValue} to {short.MaxValue}.";
        }
        else if (ClinicalCutOff is { } cut && (cut < min || cut > max))
        {
            yield return $"{at}:ClinicalCutOff: {cut} lies outside the range {min} to {max}; expected the edge of the clinical range within it, or leave it out.";
        }

        if (DirectionOf(BetterIs) is null)
        {
            yield return $"{at}:BetterIs: expected '{Lower}' (a fall in the total is an improvement) or '{Higher}' (a rise is).";
        }

        foreach (var problem in NormsProblems(at))
        {
            yield return problem;
        }

        if (Reliability is { } r && !(r is > 0 and < 1))
        {
            yield return $"{at}:Reliability: expected a coefficient between 0 and 1 (0.85), or leave it out for no reliable change.";
        }

        if (KindOf(ReliabilityKind) is null)
        {
            yield return $"{at}:ReliabilityKind: expected '{TestRetest}' or '{InternalConsistency}'.";
        }

        if (string.IsNullOrWhiteSpace(Source))
        {
            yield return $"{at}:Source: expected where the range, cut-off and reliability come from (a citation, or the program's own study).";
        }
    }

    /// <summary>The norms as one value, when all four are given.</summary>
    private PopulationNorms? Norms =>
        ClinicalMean is { } m1 && ClinicalStandardDeviation is { } s1 && FunctionalMean is { } m0 && FunctionalStandardDeviation is { } s0
            ? new PopulationNorms(m1, s1, m0, s0)
            : null;

    private IEnumerable<string> NormsProblems(string at)
    {
        (string Name, double? Value)[] norms =
        [
            (nameof(ClinicalMean), ClinicalMean), (nameof(ClinicalStandardDeviation), ClinicalStandardDeviation),
            (nameof(FunctionalMean), FunctionalMean), (nameof(FunctionalStandardDeviation), FunctionalStandardDeviation),
        ];
        var given = norms.Count(n => n.Value is not null);
        if (given == 0)
        {
            yield break;
        }

        if (given < norms.Length)
        {
            var missing = string.Join(", ", norms.Where(n => n.Value is null).Select(n => n.Name));
            yield return $"{at}:{missing}: expected all four norms (ClinicalMean, ClinicalStandardDeviation, FunctionalMean, FunctionalStandardDeviation) or none.";
            yield break;
        }

        if (ClinicalCutOff is not null)
        {
            yield return $"{at}:ClinicalCutOff: given with the norms, two boundaries between the ranges; keep ClinicalCutOff where the instrument's authors publish a cut-off and leave the norms out, or keep the norms for the Jacobson–Truax cut-off c and leave ClinicalCutOff out.";
        }

        foreach (var (name, sd) in norms.Where(n => n.Name.EndsWith("StandardDeviation", StringComparison.Ordinal)))
        {
            if (!(sd is > 0 and < double.PositiveInfinity))
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{at}:{name}: {sd} is not a positive standard deviation; expected the spread of the sample's totals, above 0.");
            }
        }

        var rangeKnown = Min is { } min && Max is { } max && min < max;
        foreach (var (name, mean) in norms.Where(n => n.Name.EndsWith("Mean", StringComparison.Ordinal)))
        {
            if (rangeKnown && !(mean >= Min && mean <= Max))
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{at}:{name}: {mean} lies outside the range {Min} to {Max}; expected the sample's mean total within it.");
            }
        }

        if (DirectionOf(BetterIs) is { } direction && !Norms!.PointsTheWayOf(direction))
        {
            var (side, better) = direction == ScoreDirection.HigherIsWorse ? ("above", Lower) : ("below", Higher);
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{at}:ClinicalMean and FunctionalMean: the clinical mean {ClinicalMean} is not {side} the functional mean {FunctionalMean}, yet BetterIs is '{better}'; expected the clinical sample's mean {side} the functional sample's (are the two swapped, or BetterIs?).");
        }
    }

    /// <summary>The instrument these settings declare; call only once <see cref="Problems"/> found none.</summary>
    public Instrument ToInstrument()
    {
        var code = InstrumentCatalogue.NormalizeCode(Code);
        var source = Source!.Trim();
        return Instrument.ProgramDefined(
            code, string.IsNullOrWhiteSpace(Name) ? code : Name.Trim(), PurposeOf(File)!.Value, Min!.Value, Max!.Value, DirectionOf(BetterIs)!.Value,
            ClinicalCutOff, Reliability is { } r ? new Reliability(r, KindOf(ReliabilityKind)!.Value, source) : null, source, Norms);
    }

    /// <summary>The instruments of every setting, once <see cref="Problems"/> found none.</summary>
    public static IReadOnlyList<Instrument> ToInstruments(IEnumerable<ProgramInstrumentOptions> instruments) => [.. instruments.Select(i => i.ToInstrument())];

    private static InstrumentPurpose? PurposeOf(string? file) => file?.Trim().ToLowerInvariant() switch
    {
        AssessmentsFile or "assessments.csv" => InstrumentPurpose.Progress,
        SurveysFile or "surveys.csv" => InstrumentPurpose.Satisfaction,
        _ => null,
    };

    private static ScoreDirection? DirectionOf(string? betterIs) => betterIs?.Trim().ToLowerInvariant() switch
    {
        Lower => ScoreDirection.HigherIsWorse,
        Higher => ScoreDirection.HigherIsBetter,
        _ => null,
    };

    private static ReliabilityKind? KindOf(string? kind) => kind?.Trim().ToLowerInvariant() switch
    {
        TestRetest => Instruments.ReliabilityKind.TestRetest,
        InternalConsistency => Instruments.ReliabilityKind.InternalConsistency,
        _ => null,
    };
}
