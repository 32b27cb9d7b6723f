using Dapper;
using Npgsql;
using Outcomes.Analytics.Courses;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Retention;
using Outcomes.Analytics.Runs.Families;
using Outcomes.Analytics.Runs.Lanes;
using Outcomes.Analytics.Suppression;
using Outcomes.Ingest.Ledger;

namespace Outcomes.Analytics.Runs;

/// <summary>
/// Computes the outcome figures of one period for every facility and level of care, and for all facilities
/// together. Counting is set-based SQL grouped by facility, program and day, so memory does not grow with
/// the number of episodes; the statistics then run on those counts. Each family of figures has a query of its own
/// (<see cref="Families"/>); this class orders them in two lanes (<see cref="LaneScheduler"/>). Definitions:
/// docs/metrics.md.
/// </summary>
public sealed class PeriodAnalysis(NpgsqlDataSource dataSource, SmallCellPolicy policy)
{
    public async Task<AnalysisRun> RunAsync(
        ReportingPeriod period, string? facility, DateOnly? dataThrough, int earlyDropoutDays = OutcomeDefinitions.DefaultEarlyDropoutDays,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var through = dataThrough ?? await DataThroughAsync(connection, cancellationToken);
        var parameters = PeriodParameters.For(period, facility, through, earlyDropoutDays);

        await ForLaneAsync(connection, cancellationToken);
        await StatisticsAsync(connection, cancellationToken);
        var months = await AttendanceQuery.MonthsAsync(connection, parameters, cancellationToken);

        var rates = new RateFigures(policy);
        var attendance = new AttendanceQuery(rates);
        // Lane 1 first copies the period's episodes with their program and patient columns into a temporary table
        // (PeriodEpisodes) and reads it for the figures that need the patients' columns or come after it, then the
        // courses of care; lane 0 reads the month rows (the months table made above lives on its connection) with the
        // episodes they are summed by, the outcome counts from the episodes, family involvement and the other tables,
        // and last readmission, follow-up and the competing risks, which need neither lane's temporary table: they sit
        // on whichever lane would otherwise end first (docs/performance.md times the lanes). Neither
        // lane waits for the other: the case mix's and the courses' weighting run on the client while their lane goes on.
        // The figures keep the order of the steps, whichever lane ran them.
        LaneStep<IReadOnlyList<Figure>>[] steps =
        [
            new(1, 0, async (c, ct) =>
            {
                await PeriodEpisodes.CopyAsync(c, parameters, ct);
                return Done([]);
            }),
            new(0, 1, async (c, ct) => Done(await new DischargeOutcomesQuery(rates).ReadAsync(c, parameters, ct))),
            new(1, 3, async (c, ct) => Done(await new RetentionQuery(policy).ReadAsync(c, parameters, ct))),
            new(1, 4, async (c, ct) => Done(await new LengthOfStayQuery(policy).ReadAsync(c, parameters, ct))),
            new(1, 5, async (c, ct) => Done(await new FirstPositiveScreenQuery(policy).ReadAsync(c, parameters, ct))),
            new(0, 0, async (c, ct) => Done(await attendance.ReadAsync(c, months, parameters, ct))),
            new(0, 2, async (c, ct) => Done(await new FamilyInvolvementQuery(rates).ReadAsync(c, parameters, ct))),
            new(0, 4, async (c, ct) => Done(await new ScreenRatesQuery(rates).ReadAsync(c, parameters, ct))),
            new(0, 9, async (c, ct) => Done(await new FollowUpQuery(rates).ReadAsync(c, parameters, ct))),
            new(0, 6, async (c, ct) => Done(await new MissingDischargeQuery(rates).ReadAsync(c, parameters, ct))),
            new(1, 6, async (c, ct) => Done(await new StepDownQuery(rates).ReadAsync(c, parameters, ct))),
            new(1, 7, async (c, ct) => Done(await new PathwayEngagementQuery(rates).ReadAsync(c, parameters, ct))),
            new(1, 8, async (c, ct) => Done(await new FieldCompletenessQuery(rates).ReadAsync(c, parameters, ct))),
            new(0, 8, async (c, ct) => Done(await new ReadmissionQuery(rates).ReadAsync(c, parameters, ct))),
            new(0, 7, async (c, ct) => Done([await QuarantinedRowsQuery.ReadAsync(c, parameters, ct)])),
            new(0, 10, async (c, ct) => Done(await CompetingRetention.ComputeAsync(c, period.Start, period.End, through, facility, policy, ct))),
            new(1, 10, async (c, ct) =>
            {
                var courses = await CourseCohort.LoadAsync(c, period.Start, period.End, through, facility, ct);
                var weighting = Task.Run(() => (IReadOnlyList<Figure>)[.. CourseComparison.Figures(courses)], ct);
                return LaneResult<IReadOnlyList<Figure>>.After(() => weighting);
            }),
            new(1, 1, async (c, ct) =>
            {
                var episodes = await CaseMixQuery.LoadAsync(c, parameters, ct);
                var weighting = Task.Run(() => (IReadOnlyList<Figure>)[.. CaseMixQuery.Figures(episodes)], ct);
                return LaneResult<IReadOnlyList<Figure>>.After(() => weighting);
            }),
            new(1, 13, async (c, ct) => Done(await new MeasurementQuery(policy).ReadAsync(c, parameters, ct))),
            new(0, 8, async (c, ct) => Done(await new AccessQuery(policy).ReadAsync(c, parameters, ct))),
            new(0, 9, async (c, ct) => Done(await new SatisfactionQuery(policy).ReadAsync(c, parameters, ct))),
            new(0, 10, async (c, ct) => Done(await new NotOnTrackQuery(policy).ReadAsync(c, parameters, ct))),
        ];

        IReadOnlyList<IReadOnlyList<Figure>> results;
        await using (var second = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await ForLaneAsync(second, cancellationToken);
            results = await LaneScheduler.RunAsync([connection, second], steps, cancellationToken);
        }

        // A facility whose sessions, screens or family contacts stop before the period's figures end: its figures and
        // the pooled ones say so (SourceNotes).
        var lastDay = period.End < through ? period.End : through;
        var figures = SourceNotes.Mark([.. results.SelectMany(r => r)], await SourceDataThrough.ReadAsync(connection, cancellationToken), lastDay);
        return new AnalysisRun(Guid.NewGuid(), period, facility, through, earlyDropoutDays, OutcomeDefinitions.Version, figures);
    }

    private static LaneResult<IReadOnlyList<Figure>> Done(IReadOnlyList<Figure> figures) => LaneResult<IReadOnlyList<Figure>>.Done(figures);

    /// <summary>
    /// Session settings of a lane's connection (the pool resets them when the connection goes back):
    /// <list type="bullet">
    /// <item>No just-in-time compilation: the analysis runs a dozen grouped statements of a second or two; compiling
    /// their expressions costs more than it saves.</item>
    /// <item>No parallel workers: the two lanes already keep two cores busy, and a statement's workers then only
    /// compete with the other lane (docs/performance.md). On a server with many more cores than two, workers (or more
    /// lanes) would pay again; that is not measured here.</item>
    /// </list>
    /// </summary>
    private static Task ForLaneAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("set jit = off; set max_parallel_workers_per_gather = 0", cancellationToken: cancellationToken));

    private static async Task<DateOnly> DataThroughAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        await DataThrough.LatestAsync(connection, cancellationToken)
        ?? throw new InvalidOperationException("There are no episodes to analyse yet: ingest a drop folder first.");

    /// <summary>
    /// Gives the small lookup tables planner statistics when they have none. Autovacuum analyzes a table only after
    /// 50 rows have changed, so a center's few programs and facilities are never analyzed; without statistics the
    /// planner takes the program table for hundreds of rows, misjudges every join through it and picks nested loops
    /// over hundreds of thousands of episodes.
    /// </summary>
    private static Task StatisticsAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        // ANALYZE needs the table's owner: the analyst role calls the owner's function (migration 0015), which
        // analyzes program and facility only when they have no statistics yet.
        connection.ExecuteAsync(new CommandDefinition("select refresh_lookup_statistics()", cancellationToken: cancellationToken));
}
