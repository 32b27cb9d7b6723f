using System.Globalization;
using Dapper;
using Npgsql;
using Outcomes.Analytics.Access;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Judgement;
using Outcomes.Analytics.Measurement;
using Outcomes.Analytics.Proportions;
using Outcomes.Analytics.Suppression;
using Outcomes.Ingest.Contract.Instruments;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// Satisfaction (issue 26, CARF 1.M): the first survey on each catalogue instrument (and each of the program's own surveys,
/// by the definition its loads stored) of the IOP and PHP episodes
/// discharged in the period, per facility and level, the instrument's code as the grouping: the mean score
/// (<c>satisfaction_mean</c>, Student's t; IOP minus PHP with Welch's interval) and the top-box share
/// (<c>satisfaction_top_box</c>, Wilson; IOP minus PHP with Newcombe's interval), each noting the surveys among the
/// discharges (response is not random). A period without surveys stores none of these figures. Definitions:
/// docs/metrics.md, "Satisfaction".
/// </summary>
internal sealed class SatisfactionQuery(SmallCellPolicy policy)
{
    // Each discharged IOP or PHP episode once, with its first survey's instrument and score on each instrument it was
    // surveyed on (none: one row with no instrument), so that the discharges count beside the surveys.
    private const string Sql = """
        with discharged as (
            select e.episode_key, e.facility_id, p.level_of_care
            from episode e
            join program p on p.program_key = e.program_key
            where e.discharged_on between @Start and @End and e.discharged_on <= @Through
              and p.level_of_care in ('iop', 'php')
              and (@Facility::text is null or e.facility_id = @Facility)
        ), first_survey as (
            select distinct on (s.episode_key, s.instrument) s.episode_key, s.instrument, s.score
            from survey s
            join discharged d on d.episode_key = s.episode_key
            where s.surveyed_on <= @Through
            order by s.episode_key, s.instrument, s.surveyed_on, s.survey_key
        )
        select d.episode_key as EpisodeKey, d.facility_id as Facility, d.level_of_care as Level, f.instrument as Instrument, f.score::int as Score
        from discharged d
        left join first_survey f on f.episode_key = d.episode_key
        order by d.episode_key, f.instrument
        """;

    public async Task<IReadOnlyList<Figure>> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(Sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        var programInstruments = await ProgramInstrumentStore.ReadAsync(connection, cancellationToken);
        return Figures(rows, parameters, programInstruments);
    }

    private IReadOnlyList<Figure> Figures(IReadOnlyList<Row> rows, PeriodParameters parameters, IReadOnlyList<Instrument> programInstruments)
    {
        var figures = new List<Figure>();
        var cohort = string.Create(CultureInfo.InvariantCulture, $"discharged {parameters.Start:yyyy-MM-dd} to {parameters.End:yyyy-MM-dd}, each episode's first survey");
        // The catalogue's surveys, then the program's own by the definitions their loads stored.
        foreach (var survey in InstrumentCatalogue.BuiltIn.Concat(programInstruments).Where(i => i.Purpose == InstrumentPurpose.Satisfaction).DistinctBy(i => i.Code))
        {
            var answered = rows.Where(r => r.Instrument is { } code && InstrumentCatalogue.NormalizeCode(code) == survey.Code)
                .DistinctBy(r => r.EpisodeKey).ToList();
            if (answered.Count == 0)
            {
                continue;
            }

            var topBox = InstrumentCriteria.TopBoxFrom(survey);
            foreach (var facility in answered.Select(r => r.Facility).Distinct().Order(StringComparer.Ordinal).Prepend(Figure.All))
            {
                bool InScope(Row r) => facility == Figure.All || r.Facility == facility;
                var byLevel = new Dictionary<string, SatisfactionFigures>(StringComparer.Ordinal);
                foreach (var level in new[] { OutcomeDefinitions.Iop, OutcomeDefinitions.Php, Figure.All })
                {
                    bool AtLevel(Row r) => InScope(r) && (level == Figure.All || r.Level == level);
                    var scores = answered.Where(AtLevel).Select(r => (double)r.Score!.Value).ToList();
                    if (scores.Count == 0)
                    {
                        continue;
                    }

                    var discharges = rows.Where(AtLevel).Select(r => r.EpisodeKey).Distinct().Count();
                    var response = $"{cohort}; {Count(scores.Count)} surveys among {Count(discharges)} discharges";
                    var figuresOf = SatisfactionFigures.Of(scores, topBox ?? double.PositiveInfinity);
                    byLevel[level] = figuresOf;
                    var mean = figuresOf.Mean;
                    figures.Add(new Figure("satisfaction_mean", facility, level, null, survey.Code, (int)mean.N, null, mean.N, mean.Mean,
                        NaNAsNull(mean.Interval.Lower), NaNAsNull(mean.Interval.Upper), policy.IsSmall(mean.N), $"{response}; mean score, Student's t interval"));
                    if (topBox is { } from)
                    {
                        var share = figuresOf.TopBox;
                        var interval = share.Wilson();
                        figures.Add(new Figure("satisfaction_top_box", facility, level, null, survey.Code, (int)share.Denominator, share.Numerator,
                            share.Denominator, share.Estimate, interval.Lower, interval.Upper, Small(share),
                            string.Create(CultureInfo.InvariantCulture, $"{response}; a total of {from} (every item at its best answer)")));
                    }
                }

                if (byLevel.TryGetValue(OutcomeDefinitions.Iop, out var iop) && byLevel.TryGetValue(OutcomeDefinitions.Php, out var php))
                {
                    var (difference, interval) = iop.Mean.DifferenceFrom(php.Mean);
                    figures.Add(new Figure("satisfaction_mean", facility, Figure.IopMinusPhp, null, survey.Code, (int)(iop.Mean.N + php.Mean.N), null, null,
                        difference, NaNAsNull(interval.Lower), NaNAsNull(interval.Upper), policy.IsSmall(iop.Mean.N) || policy.IsSmall(php.Mean.N),
                        $"{cohort}; IOP minus PHP, crude; Welch's interval"));
                    if (topBox is not null)
                    {
                        var (shareDifference, shareInterval, p) = ProportionDifferenceTest.Compare(iop.TopBox, php.TopBox);
                        figures.Add(new Figure("satisfaction_top_box", facility, Figure.IopMinusPhp, null, survey.Code,
                            (int)(iop.TopBox.Denominator + php.TopBox.Denominator), null, null, shareDifference, shareInterval.Lower, shareInterval.Upper,
                            Small(iop.TopBox) || Small(php.TopBox), $"{cohort}; IOP minus PHP, crude; Newcombe hybrid score interval, score test",
                            NaNAsNull(p)));
                    }
                }
            }
        }

        return figures;
    }

    /// <summary>A count as a note may give it: a small one as "fewer than 11", since its figure may be released.</summary>
    private string Count(int count) => policy.IsSmall(count) ? $"fewer than {policy.Threshold}" : count.ToString(CultureInfo.InvariantCulture);

    private bool Small(Proportion p) =>
        policy.IsSmall(p.Numerator) || policy.IsSmall(p.Denominator - p.Numerator) || policy.IsSmall(p.Denominator);

    private static double? NaNAsNull(double value) => double.IsNaN(value) ? null : value;

    private sealed class Row
    {
        public long EpisodeKey { get; init; }

        public string Facility { get; init; } = "";

        public string Level { get; init; } = "";

        public string? Instrument { get; init; }

        public int? Score { get; init; }
    }
}
