using System.Text.Json;
using Dapper;
using Npgsql;
using Outcomes.Analytics;
using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Analytics.Targets;
using Outcomes.Reports.Runs;

namespace Outcomes.Reports.Monthly;

/// <summary>
/// Gathers a report's inputs: the stored run of the period, of the month before (for a month) and of each month
/// of the trend (the twelve months ending with the period, or the months of a longer period), all with the same
/// data-through date; the risk model's summary; and, for all facilities together only, the latest file loads.
/// </summary>
internal sealed class ReportDataLoader(NpgsqlDataSource dataSource, SmallCellPolicy policy, NpgsqlDataSource? analysis)
{
    /// <summary>Reads and computes missing runs through the same data source.</summary>
    public ReportDataLoader(NpgsqlDataSource dataSource, SmallCellPolicy policy)
        : this(dataSource, policy, dataSource)
    {
    }

    public const int TrendMonths = Analytics.Periods.TrendPeriods.Months;

    public async Task<ReportData> LoadAsync(ReportingPeriod period, string? facility, DateOnly? dataThrough = null, CancellationToken cancellationToken = default)
    {
        var runs = new RunSource(dataSource, policy, analysis);
        var through = dataThrough ?? await runs.DataThroughAsync(cancellationToken)
            ?? throw new InvalidOperationException("There are no episodes to report on yet: ingest a drop folder first.");
        var current = await runs.GetAsync(period, facility, through, cancellationToken);
        var isMonth = period.IsMonth;
        var months = new List<StoredRun>();
        foreach (var month in TrendPeriods(period, through))
        {
            months.Add(month == period ? current : await runs.GetAsync(month, facility, through, cancellationToken));
        }

        StoredRun? previous = null;
        if (isMonth)
        {
            var last = Month(period.Start.AddMonths(-1));
            previous = months.FirstOrDefault(m => m.Run.Period == last) ?? await runs.GetAsync(last, facility, through, cancellationToken);
        }

        var risk = await LoadRiskAsync(period, facility, through, cancellationToken);
        // The load ledger does not record which facility's rows a file held (one file may hold several facilities'), so a
        // facility's report lists no file loads: their names and counts are the network's, not the facility's.
        IReadOnlyList<BatchSummary> batches = facility is null ? await LoadBatchesAsync(cancellationToken) : [];
        var findings = await LoadFindingsAsync(period, facility, cancellationToken);
        // The program's own targets, judged on the figures of this population (a facility's, or all facilities together).
        var stored = await new TargetStore(dataSource).ListAsync(cancellationToken);
        var targets = TargetEvaluation.Judge(current.Run, stored, policy)
            .Where(j => j.Figure!.FacilityId == (facility ?? Figure.All)).ToList();
        return new ReportData(facility, current, previous, months, risk, batches, findings, targets, stored);
    }

    /// <summary>The months of the period's trend (<see cref="Analytics.Periods.TrendPeriods"/>), which the nightly refresh stores.</summary>
    public static IReadOnlyList<ReportingPeriod> TrendPeriods(ReportingPeriod period, DateOnly through) =>
        Analytics.Periods.TrendPeriods.Of(period, through);

    private static ReportingPeriod Month(DateOnly first) => ReportingPeriod.MonthOf(first);

    private async Task<RiskSummary> LoadRiskAsync(ReportingPeriod period, string? facility, DateOnly through, CancellationToken cancellationToken)
    {
        const string modelSql = """
            select model_id as ModelId, algorithm as Algorithm, (metrics -> 'evaluations' -> 0)::text as Evaluation
            from dropout_model where status = 'promoted'
            """;
        const string latestDaySql = """
            select max(r.scored_on) from risk_score r join episode e on e.episode_key = r.episode_key
            where r.model_id = @ModelId and r.scored_on <= @End and (@Facility::text is null or e.facility_id = @Facility)
            """;
        const string bandsSql = """
            select least(floor(r.probability / @Width)::int, @Bands - 1) as band, count(*) as episodes
            from risk_score r join episode e on e.episode_key = r.episode_key
            where r.model_id = @ModelId and r.scored_on = @Day and (@Facility::text is null or e.facility_id = @Facility)
            group by 1 order by 1
            """;
        // Episodes with a flag raised in the period (by any model), how their care had ended by the data-through date,
        // and the review status of the episode's latest flag of the period on that date: the last review recorded by
        // the end of that day (risk_flag_review), or open when none was.
        const string outcomesSql = """
            with flagged as (
                select distinct on (f.episode_key) f.episode_key, f.flag_id
                from risk_flag f
                where f.raised_on between @Start and @End and (@Facility::text is null or f.facility_id = @Facility)
                order by f.episode_key, f.raised_on desc, f.flag_id desc
            )
            select p.level_of_care as Level,
                   case when e.discharged_on is null or e.discharged_on > @Through then 'still in care'
                        when e.discharge_reason = 'completed' then 'completed'
                        when e.discharge_reason = any(@Unplanned) then 'unplanned discharge'
                        when e.discharge_reason = 'transferred' then 'transferred'
                        else 'other discharge' end as Outcome,
                   coalesce(r.to_status, 'open') as Status,
                   count(*) as Episodes
            from flagged f join episode e on e.episode_key = f.episode_key join program p on p.program_key = e.program_key
            left join lateral (
                select v.to_status from risk_flag_review v
                where v.flag_id = f.flag_id and v.reviewed_at < (@Through::date + 1)::timestamp
                order by v.reviewed_at desc, v.review_id desc limit 1
            ) r on true
            group by 1, 2, 3 order by 1, 2, 3
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var outcomes = (await connection.QueryAsync<FlagOutcomeCount>(new CommandDefinition(outcomesSql, new
        {
            period.Start,
            period.End,
            Facility = facility,
            Through = through,
            Unplanned = Analytics.Definitions.OutcomeDefinitions.UnplannedReasons.ToArray(),
        }, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        var model = await connection.QuerySingleOrDefaultAsync<ModelRow>(new CommandDefinition(modelSql, cancellationToken: cancellationToken));
        if (model is null)
        {
            return RiskSummary.None with { FlagOutcomes = outcomes };
        }

        var evaluation = model.Evaluation is null ? null : JsonSerializer.Deserialize<StoredEvaluation>(model.Evaluation, Json);
        var day = await connection.ExecuteScalarAsync<DateOnly?>(new CommandDefinition(latestDaySql, new { model.ModelId, period.End, Facility = facility }, cancellationToken: cancellationToken));
        var bandCount = (int)Math.Round(1 / RiskSummary.BandWidth);
        var bands = new long[bandCount];
        if (day is not null)
        {
            foreach (var (band, episodes) in await connection.QueryAsync<(int, long)>(new CommandDefinition(bandsSql,
                         new { model.ModelId, Day = day, Facility = facility, Width = RiskSummary.BandWidth, Bands = bandCount }, cancellationToken: cancellationToken)))
            {
                bands[band] = episodes;
            }
        }

        var calibration = evaluation?.CalibrationTable?.Select(g => new CalibrationGroup(g.Group, g.Count, g.MeanPredicted, g.Observed,
            new Interval(g.ObservedInterval?.Lower ?? double.NaN, g.ObservedInterval?.Upper ?? double.NaN))).ToList() ?? [];
        return new RiskSummary(model.ModelId, model.Algorithm, evaluation?.Auroc, day, calibration, day is null ? [] : bands, outcomes);
    }

    private async Task<IReadOnlyList<BatchSummary>> LoadBatchesAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            select batch_id as BatchId, file_name as FileName, entity as Entity, status as Status, started_at::date as StartedOn,
                   rows_read::bigint as RowsRead, rows_inserted::bigint as RowsInserted, rows_updated::bigint as RowsUpdated,
                   rows_quarantined::bigint as RowsQuarantined
            from ingest_batch order by batch_id desc limit 10
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<BatchSummary>(new CommandDefinition(sql, cancellationToken: cancellationToken))];
    }

    /// <summary>
    /// The daily check's findings in the period: about the facility (or any, for all facilities), and about sources and
    /// the whole pipeline, which a facility's report shows too.
    /// </summary>
    private async Task<IReadOnlyList<QualityFinding>> LoadFindingsAsync(ReportingPeriod period, string? facility, CancellationToken cancellationToken)
    {
        const string sql = """
            select checked_on as CheckedOn, check_kind as Kind, subject as Subject, measured as Measured, threshold as Threshold
            from data_quality_finding
            where checked_on between @Start and @End
              and (@Facility::text is null or subject = @Facility or not exists (select 1 from facility f where f.facility_id = subject))
            order by checked_on, check_kind, subject
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<QualityFinding>(new CommandDefinition(sql, new { period.Start, period.End, Facility = facility }, cancellationToken: cancellationToken))];
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private sealed record ModelRow(long ModelId, string Algorithm, string? Evaluation);

    private sealed record StoredEvaluation(double? Auroc, IReadOnlyList<StoredGroup>? CalibrationTable);

    private sealed record StoredGroup(int Group, int Count, double MeanPredicted, double Observed, StoredInterval? ObservedInterval);

    private sealed record StoredInterval(double Lower, double Upper);
}
