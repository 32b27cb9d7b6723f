using Dapper;
using Npgsql;
using Outcomes.Analytics.Means;
using Outcomes.Ingest.Contract.Instruments;

namespace Outcomes.Analytics.Measurement.Tracking;

/// <summary>
/// Not-on-track alerts (issue 26): per instrument with a total (the program's own by their stored definitions too) and
/// level of care (IOP, PHP), the expected-recovery curve
/// (<see cref="ExpectedRecoveryCurve"/>) fitted on the completed episodes (discharge reason <c>completed</c>) discharged in
/// the twelve months up to the day, of the facility asked for or of every facility the login may see; then every
/// patient in care on the day whose latest score (on or before the day) lies beyond the band of its week on the side
/// of illness. Intake is the first score within <see cref="InstrumentCriteria.IntakeWindowDays"/> days of admission,
/// as for the change figures. Reads through the caller's connection, so row-level security limits it to the login's
/// facilities. Definitions: docs/metrics.md, "Expected-recovery curve and not on track".
/// </summary>
public static class NotOnTrack
{
    /// <summary>The months of completed episodes a curve is fitted on.</summary>
    public const int CurveMonths = 12;

    private const string Sql = """
        with episodes as (
            select e.episode_key, e.facility_id, p.level_of_care, e.admitted_on,
                   e.discharge_reason = 'completed' and e.discharged_on is not null and e.discharged_on <= @Day as completed,
                   coalesce(least(e.discharged_on, @Day), @Day) as last_day
            from episode e
            join program p on p.program_key = e.program_key
            where p.level_of_care in ('iop', 'php') and e.admitted_on <= @Day
              and (@Facility::text is null or e.facility_id = @Facility)
              and ((e.discharged_on is null or e.discharged_on > @Day)
                   or (e.discharge_reason = 'completed' and e.discharged_on > @CurveFrom and e.discharged_on <= @Day))
        )
        select x.episode_key as EpisodeKey, x.facility_id as FacilityId, x.level_of_care as Level, x.completed as Completed,
               x.admitted_on as AdmittedOn, a.instrument as Instrument,
               array_agg(a.administered_on - x.admitted_on order by a.administered_on, a.assessment_key) as Days,
               array_agg(a.total_score::int order by a.administered_on, a.assessment_key) as Totals
        from episodes x
        join assessment a on a.episode_key = x.episode_key
        where a.total_score is not null and a.administered_on <= x.last_day
        group by 1, 2, 3, 4, 5, 6
        order by 1, 6
        """;

    public static async Task<NotOnTrackList> ListAsync(NpgsqlConnection connection, string? facility, DateOnly day, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            Sql, new { Facility = facility, Day = day, CurveFrom = day.AddMonths(-CurveMonths) }, commandTimeout: 0, cancellationToken: cancellationToken));
        var programInstruments = await ProgramInstrumentStore.ReadAsync(connection, cancellationToken);
        return Evaluate(day, [.. rows], InstrumentCriteria.WithTotalAnd(programInstruments));
    }

    private static NotOnTrackList Evaluate(DateOnly day, IReadOnlyList<Row> rows, IReadOnlyList<Instrument> instruments)
    {
        var curves = new List<FittedCurve>();
        var assessed = new List<(string, string, string, int)>();
        var patients = new List<NotOnTrackPatient>();
        var criteria = new Dictionary<string, ChangeCriteria>(StringComparer.Ordinal);
        foreach (var instrument in instruments)
        {
            var own = rows.Where(r => InstrumentCatalogue.NormalizeCode(r.Instrument) == instrument.Code)
                .GroupBy(r => r.EpisodeKey).Select(g => (First: g.First(), Scores: Scores(g))).ToList();
            if (own.Count == 0)
            {
                continue;
            }

            var intakes = own.Select(e => Intake(e.Scores)).OfType<double>().ToList();
            if (intakes.Count > 1 && InstrumentCriteria.For(instrument, MeanEstimate.Of(intakes).StandardDeviation) is { } change)
            {
                criteria[instrument.Code] = change;
            }

            foreach (var level in own.Select(e => e.First.Level).Distinct().Order(StringComparer.Ordinal))
            {
                var atLevel = own.Where(e => e.First.Level == level).ToList();
                var completed = atLevel.Where(e => e.First.Completed).Select(e => (IReadOnlyList<ScoreAtWeek>)[.. Later(e.Scores)]);
                var curve = ExpectedRecoveryCurve.Fit(completed, InstrumentCriteria.Direction(instrument), out var reason);
                curves.Add(new FittedCurve(level, instrument.Code, curve, reason));
                var inCare = atLevel.Where(e => !e.First.Completed).Select(e => (e.First, Later: Later(e.Scores), e.Scores)).Where(e => e.Later.Count > 0).ToList();
                assessed.AddRange(inCare.GroupBy(e => e.First.FacilityId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, level, instrument.Code, g.Count())));
                if (curve is null)
                {
                    continue;
                }

                foreach (var (first, later, scores) in inCare)
                {
                    var latest = later[^1];
                    if (curve.Status(latest.Intake, latest.Week, latest.Score) == TrackStatus.NotOnTrack)
                    {
                        patients.Add(new NotOnTrackPatient(first.FacilityId, level, instrument.Code, first.EpisodeKey, latest.Intake,
                            scores[^1].On, latest.Week, latest.Score, curve.Band(latest.Intake, latest.Week)) { Scores = later });
                    }
                }
            }
        }

        return new NotOnTrackList(day, curves, assessed,
            [.. patients.OrderBy(p => p.FacilityId, StringComparer.Ordinal).ThenBy(p => p.Level, StringComparer.Ordinal).ThenBy(p => p.Instrument, StringComparer.Ordinal).ThenBy(p => p.EpisodeKey)])
        {
            Criteria = criteria,
        };
    }

    /// <summary>An episode's scores on the instrument in order (codes spelt two ways are one instrument), with their days.</summary>
    private static List<(int Days, double Score, DateOnly On)> Scores(IEnumerable<Row> rows) =>
        [.. rows.SelectMany(r => r.Days.Zip(r.Totals, (d, t) => (Days: d, Score: (double)t, On: r.AdmittedOn.AddDays(d)))).OrderBy(s => s.Days)];

    /// <summary>The intake score (the first within the intake window), or null when the episode has none.</summary>
    private static double? Intake(IReadOnlyList<(int Days, double Score, DateOnly On)> scores) =>
        scores.ToList().FindIndex(s => s.Days <= InstrumentCriteria.IntakeWindowDays) is var i and >= 0 ? scores[i].Score : null;

    /// <summary>The scores after the intake score, each with the intake and its whole weeks since admission; none without an intake.</summary>
    private static List<ScoreAtWeek> Later(IReadOnlyList<(int Days, double Score, DateOnly On)> scores)
    {
        var intake = scores.ToList().FindIndex(s => s.Days <= InstrumentCriteria.IntakeWindowDays);
        return intake < 0 ? [] : [.. scores.Skip(intake + 1).Select(s => new ScoreAtWeek(scores[intake].Score, Math.Max(0, s.Days) / 7, s.Score))];
    }

    private sealed class Row
    {
        public long EpisodeKey { get; init; }

        public string FacilityId { get; init; } = "";

        public string Level { get; init; } = "";

        public bool Completed { get; init; }

        public DateOnly AdmittedOn { get; init; }

        public string Instrument { get; init; } = "";

        public int[] Days { get; init; } = [];

        public int[] Totals { get; init; } = [];
    }
}
