using System.Globalization;
using Dapper;
using Npgsql;
using Outcomes.Analytics.Adjustment;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Means;
using Outcomes.Analytics.Measurement;
using Outcomes.Analytics.Suppression;
using Outcomes.Ingest.Contract.Instruments;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// Measurement-based care (issue 26): change on each standardised instrument with a total (PHQ-9, GAD-7, PCL-5, and the
/// program's own progress instruments by the definitions their loads stored, <see cref="ProgramInstrumentStore"/>) from the
/// intake score to the last score of IOP and PHP episodes discharged in the period. Per instrument (the grouping): the
/// measurement coverage (<c>score_coverage</c>), the Jacobson–Truax classes (<c>score_recovered</c>, <c>score_improved</c>,
/// <c>score_unchanged</c>, <c>score_deteriorated</c>, <c>score_reliably_improved</c>) as rates with the IOP minus PHP
/// difference, and the mean change in points (<c>score_change</c>) with the crude and case-mix adjusted IOP minus PHP
/// difference (<c>score_change_adjusted</c>). An instrument nobody in the period was scored on gives no figure, so a
/// drop of contract v1 gives the run it always gave. Reads <c>pg_temp.period_episode</c> (<see cref="PeriodEpisodes"/>):
/// runs on the lane that copied it. Definitions: docs/metrics.md, "Measurement-based care".
/// </summary>
internal sealed class MeasurementQuery(SmallCellPolicy policy)
{
    // One row per discharged IOP or PHP episode and instrument it was scored on (one row with no instrument when it has no
    // score): the days after admission and the totals of its scores on or before discharge, in the order given. The case
    // mix's age and flags as CaseMixQuery reads them (null without a patient row).
    private const string Sql = $"""
        with intake_screen as (
            select d.episode_key, bool_or(d.result = 'positive') as positive
            from drug_screen d
            join pg_temp.period_episode x on x.episode_key = d.episode_key
            where d.result in ('positive', 'negative') and d.collected_on <= x.admitted_on + @IntakeDays
              and x.discharged_on between @Start and @End
            group by d.episode_key
        ), cohort as (
            select e.episode_key, e.facility_id, e.level_of_care, e.program_key, e.admitted_on, e.discharged_on,
                   case when e.has_patient then extract(year from e.admitted_on)::int - e.birth_year end as age,
                   case when e.has_patient then e.characteristics | {CaseMixCharacteristics.IntakeScreenFlags} end as flags
            from pg_temp.period_episode e
            left join intake_screen i on i.episode_key = e.episode_key
            where e.discharged_on between @Start and @End and e.level_of_care in ('iop', 'php')
        ), scored as (
            select c.episode_key, a.instrument,
                   array_agg(a.administered_on - c.admitted_on order by a.administered_on, a.assessment_key) as days,
                   array_agg(a.total_score::int order by a.administered_on, a.assessment_key) as totals
            from cohort c
            join assessment a on a.episode_key = c.episode_key
            where a.total_score is not null and a.administered_on <= c.discharged_on
            group by 1, 2
        )
        select c.episode_key as EpisodeKey, c.facility_id as Facility, c.level_of_care as Level, c.program_key as ProgramKey,
               c.age as Age, c.flags as Flags, s.instrument as Instrument, s.days as Days, s.totals as Totals
        from cohort c
        left join scored s on s.episode_key = c.episode_key
        order by c.episode_key, s.instrument
        """;

    public async Task<IReadOnlyList<Figure>> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(Sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        var programInstruments = await ProgramInstrumentStore.ReadAsync(connection, cancellationToken);
        return Figures(rows, parameters, InstrumentCriteria.WithTotalAnd(programInstruments));
    }

    /// <summary>One discharged episode's scores on one instrument, or on none (<see cref="Instrument"/> null).</summary>
    /// <remarks>A class with settable members, not a positional record: Dapper binds a constructor by exact column types, and
    /// arrays come back as <see cref="Array"/>.</remarks>
    internal sealed class Row
    {
        public long EpisodeKey { get; init; }

        public string Facility { get; init; } = "";

        public string Level { get; init; } = "";

        public int ProgramKey { get; init; }

        public int? Age { get; init; }

        public int? Flags { get; init; }

        public string? Instrument { get; init; }

        public int[]? Days { get; init; }

        public int[]? Totals { get; init; }
    }

    /// <summary>An episode of the cohort with its intake and last score on the instrument (null when it has none).</summary>
    private sealed record Measured(Row Episode, double? Intake, double? Last)
    {
        public bool HasChange => Intake is not null && Last is not null;
    }

    /// <summary>The figures of every instrument of <paramref name="instruments"/> someone in the period was scored on.</summary>
    internal IReadOnlyList<Figure> Figures(IReadOnlyList<Row> rows, PeriodParameters parameters, IReadOnlyList<Instrument> instruments)
    {
        var rates = new RateFigures(policy);
        var episodes = rows.DistinctBy(r => r.EpisodeKey).ToList();
        var figures = new List<Figure>();
        foreach (var instrument in instruments)
        {
            var scores = rows.Where(r => r.Instrument is { } code && InstrumentCatalogue.NormalizeCode(code) == instrument.Code)
                .GroupBy(r => r.EpisodeKey).ToDictionary(g => g.Key, g => g.ToList());
            if (scores.Count == 0)
            {
                continue;
            }

            var measured = episodes.Select(e => scores.TryGetValue(e.EpisodeKey, out var own) ? IntakeAndLast(e, own) : new Measured(e, null, null)).ToList();
            var cohort = string.Create(CultureInfo.InvariantCulture, $"discharged {parameters.Start:yyyy-MM-dd} to {parameters.End:yyyy-MM-dd}; intake the first score within {InstrumentCriteria.IntakeWindowDays} days of admission, last the last later score by discharge");
            figures.AddRange(RateFigures.Named(rates.RatesAndDifferences("score_coverage", Counts(measured, instrument.Code, m => m.HasChange), isRate: true),
                _ => $"{cohort}; an intake and a later score, among every discharge"));

            var changed = measured.Where(m => m.HasChange).ToList();
            var intakeSd = MeanEstimate.Of(measured.Where(m => m.Intake is not null).Select(m => m.Intake!.Value)).StandardDeviation;
            if (changed.Count > 0 && InstrumentCriteria.For(instrument, intakeSd) is { } criteria)
            {
                var classes = changed.ToDictionary(m => m.Episode.EpisodeKey, m => ChangeClassification.Classify(m.Intake!.Value, m.Last!.Value, criteria));
                // A program's own instrument declared without a cut-off gives reliable change only: no one is recovered,
                // so the recovered share is left out rather than stored as a zero.
                var criteriaNote = string.Create(CultureInfo.InvariantCulture,
                    $"{cohort}; reliable change beyond {ReliableChange.MinimumReliableChange(criteria.IntakeStandardDeviation, criteria.Reliability):0.0} points (intake SD {criteria.IntakeStandardDeviation:0.00} of the run's intake scores, reliability {criteria.Reliability:0.00}), ")
                    + criteria.Cutoff switch
                    {
                        { } c when instrument.Norms is not null => $"cut-off {ClinicalCutoff.DescribeCriterionC(c)}",
                        { } cut => string.Create(CultureInfo.InvariantCulture, $"cut-off {cut:0.0}"),
                        null => "no cut-off declared: no clinically significant change",
                    }
                    + (instrument.IsProgramDefined ? $"; the program's own instrument as stored by its loads ({instrument.Source})" : "");
                (string Metric, Func<ChangeCategory, bool> Is)[] shares =
                [
                    ("score_recovered", c => c == ChangeCategory.Recovered),
                    ("score_improved", c => c == ChangeCategory.Improved),
                    ("score_unchanged", c => c == ChangeCategory.Unchanged),
                    ("score_deteriorated", c => c == ChangeCategory.Deteriorated),
                    ("score_reliably_improved", c => c is ChangeCategory.Recovered or ChangeCategory.Improved),
                ];
                foreach (var (metric, isClass) in shares.Where(s => criteria.HasCutoff || s.Metric != "score_recovered"))
                {
                    figures.AddRange(RateFigures.Named(
                        rates.RatesAndDifferences(metric, Counts(changed, instrument.Code, m => isClass(classes[m.Episode.EpisodeKey])), isRate: true),
                        _ => criteriaNote));
                }
            }

            figures.AddRange(Change(changed, instrument.Code, cohort));
        }

        return figures;
    }

    /// <summary>The intake (the first score within the intake window) and the last later score of an episode, if any.</summary>
    private static Measured IntakeAndLast(Row episode, IReadOnlyList<Row> own)
    {
        // The merge keeps one row per instrument code as sent; codes spelt two ways ("PHQ-9", "phq_9") are one instrument.
        var scores = own.SelectMany(r => r.Days!.Zip(r.Totals!)).OrderBy(s => s.First).ToList();
        var intake = scores.FindIndex(s => s.First <= InstrumentCriteria.IntakeWindowDays);
        if (intake < 0)
        {
            return new Measured(episode, null, null);
        }

        return new Measured(episode, scores[intake].Second, intake < scores.Count - 1 ? scores[^1].Second : null);
    }

    private static List<RateCounts> Counts(IEnumerable<Measured> measured, string instrument, Func<Measured, bool> isEvent) =>
        [.. measured.GroupBy(m => (m.Episode.Facility, m.Episode.Level, m.Episode.ProgramKey))
            .OrderBy(g => g.Key.Facility, StringComparer.Ordinal).ThenBy(g => g.Key.Level, StringComparer.Ordinal).ThenBy(g => g.Key.ProgramKey)
            .Select(g => new RateCounts(g.Key.Facility, g.Key.Level, g.Key.ProgramKey, instrument, g.Count(isEvent), g.Count()))];

    /// <summary>The mean change per facility and level, for all facilities, and IOP minus PHP crude (Welch) and adjusted.</summary>
    private IEnumerable<Figure> Change(IReadOnlyList<Measured> changed, string instrument, string cohort)
    {
        var note = $"{cohort}; last minus intake in points, Student's t interval";
        foreach (var facility in changed.Select(m => m.Episode.Facility).Distinct().Order(StringComparer.Ordinal).Prepend(Figure.All))
        {
            var inScope = changed.Where(m => facility == Figure.All || m.Episode.Facility == facility).ToList();
            var byLevel = inScope.GroupBy(m => m.Episode.Level).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => ScoreChange.MeanChange(g.Select(m => (m.Intake!.Value, m.Last!.Value))));
            foreach (var (level, mean) in byLevel)
            {
                yield return MeanFigure("score_change", facility, level, instrument, mean, note);
            }

            yield return MeanFigure("score_change", facility, Figure.All, instrument,
                ScoreChange.MeanChange(inScope.Select(m => (m.Intake!.Value, m.Last!.Value))), note);

            if (byLevel.TryGetValue(OutcomeDefinitions.Iop, out var iop) && byLevel.TryGetValue(OutcomeDefinitions.Php, out var php))
            {
                var (difference, interval) = iop.DifferenceFrom(php);
                var small = policy.IsSmall(iop.N) || policy.IsSmall(php.N);
                yield return new Figure("score_change", facility, Figure.IopMinusPhp, null, instrument, (int)(iop.N + php.N), null, null,
                    difference, NaNAsNull(interval.Lower), NaNAsNull(interval.Upper), small, $"{cohort}; IOP minus PHP, crude; Welch's interval");
                yield return Adjusted(facility, instrument, inScope, cohort);
            }
        }
    }

    /// <summary>
    /// IOP minus PHP mean change adjusted for case mix (inverse probability weighting on the admission characteristics and
    /// the intake score, <see cref="ScoreChange.AdjustedDifference"/>), over the episodes with a patient row.
    /// </summary>
    private Figure Adjusted(string facility, string instrument, IReadOnlyList<Measured> inScope, string cohort)
    {
        var withPatient = inScope.Where(m => m.Episode is { Age: not null, Flags: not null }).ToList();
        var units = withPatient.Select(m => new CaseMixUnit(m.Episode.Level == OutcomeDefinitions.Iop, false,
            CaseMixCharacteristics.Covariates(m.Episode.Age!.Value, m.Episode.Flags!.Value))).ToList();
        var (columns, tooFewUnknown) = CaseMixCharacteristics.Informative(units);
        var narrowed = units.Select(u => u with { Covariates = [.. columns.Select(j => u.Covariates[j])] }).ToList();
        var result = ScoreChange.AdjustedDifference(narrowed, [.. withPatient.Select(m => m.Intake!.Value)], [.. withPatient.Select(m => m.Last!.Value)],
            [.. columns.Select(j => CaseMixCharacteristics.Names[j])]);
        var small = policy.IsSmall(withPatient.Count(m => m.Episode.Level == OutcomeDefinitions.Iop)) || policy.IsSmall(withPatient.Count(m => m.Episode.Level == OutcomeDefinitions.Php));
        return new Figure("score_change_adjusted", facility, Figure.IopMinusPhp, null, instrument, withPatient.Count, null, null,
            result.AdjustedDifference, result.AdjustedInterval?.Lower, result.AdjustedInterval?.Upper, small,
            result.Comparable
                ? $"{cohort}; IOP minus PHP mean change, adjusted by inverse probability weighting on the case mix and the intake score; effective sizes {result.EffectiveSizeFirst:F0} and {result.EffectiveSizeSecond:F0}; {result.TruncatedShare:P1} of weights truncated, largest {result.LargestWeight:F1}{CaseMixCharacteristics.TooFewUnknownNote(tooFewUnknown)}"
                : $"{cohort}; not comparable: {result.NotComparableReason}", result.AdjustedPValue);
    }

    private Figure MeanFigure(string metric, string facility, string level, string instrument, MeanEstimate mean, string note) =>
        new(metric, facility, level, null, instrument, (int)mean.N, null, mean.N, NaNAsNull(mean.Mean), NaNAsNull(mean.Interval.Lower), NaNAsNull(mean.Interval.Upper),
            policy.IsSmall(mean.N), note);

    private static double? NaNAsNull(double value) => double.IsNaN(value) ? null : value;
}
