using System.Diagnostics;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Training;

namespace Outcomes.Analytics.DropoutRisk.Scoring;

/// <summary>
/// Scores every IOP and PHP episode in care on a day with the promoted model, from data dated on or before
/// that day — those inside the model's <see cref="ScoringDomain"/> (the days and levels of care it was trained on) whose
/// facility's sessions, drug screens and family contacts reach the day (<see cref="SourceCoverage"/>); the others are counted by reason, not scored — and raises flags in each facility for the highest risks, as many new
/// ones in any 7 days as the quality team can follow up, none below a risk floor (<see cref="FlagStore.RaiseAsync"/>). Scoring the same day again with the same model
/// replaces that day's scores and raises no flag twice.
/// </summary>
public sealed class RiskScorer(NpgsqlDataSource dataSource)
{
    public Task<ScoringResult> ScoreAsync(DateOnly day, int weeklyCapacityPerFacility, CancellationToken cancellationToken = default) =>
        ScoreAsync(day, weeklyCapacityPerFacility, FlagStore.DefaultRiskFloor, cancellationToken);

    /// <param name="day">Score the patients in care on this day, from data dated on or before it.</param>
    /// <param name="weeklyCapacityPerFacility">New flags a facility's team can follow up in any 7 days.</param>
    /// <param name="riskFloor">No flag below this risk (<see cref="FlagStore.DefaultRiskFloor"/> by default), whatever the capacity left.</param>
    /// <param name="cancellationToken">Stops the work between statements.</param>
    public Task<ScoringResult> ScoreAsync(DateOnly day, int weeklyCapacityPerFacility, double riskFloor, CancellationToken cancellationToken = default) =>
        ScoreAsync(day, new FlagCapacity(weeklyCapacityPerFacility), riskFloor, cancellationToken);

    /// <param name="day">Score the patients in care on this day, from data dated on or before it.</param>
    /// <param name="capacity">
    /// New flags a facility's team can follow up in any 7 days: the same for every facility, or scaled by each facility's
    /// patients in care on the day (<see cref="FlagCapacity.PerPatientsInCare"/>).
    /// </param>
    /// <param name="riskFloor">No flag below this risk (<see cref="FlagStore.DefaultRiskFloor"/> by default), whatever the capacity left.</param>
    /// <param name="cancellationToken">Stops the work between statements.</param>
    public async Task<ScoringResult> ScoreAsync(DateOnly day, FlagCapacity capacity, double riskFloor, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(riskFloor);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(riskFloor, 1.0);

        var steps = new List<(string Step, TimeSpan Elapsed)>();
        var clock = Stopwatch.StartNew();
        void Done(string step)
        {
            steps.Add((step, clock.Elapsed));
            clock.Restart();
        }

        var promoted = await new ModelRegistry(dataSource).LoadPromotedAsync(cancellationToken)
            ?? throw new InvalidOperationException("No dropout model is promoted: train one (outcomes model train) and promote it first.");

        const string activeSql = """
            select e.episode_key as EpisodeKey, @Day - e.admitted_on as Day, p.level_of_care as Level, e.facility_id as FacilityId,
                   e.patient_key as PatientKey
            from episode e
            join program p on p.program_key = e.program_key
            where p.level_of_care in ('iop', 'php') and e.admitted_on <= @Day
              and (e.discharged_on is null or e.discharged_on > @Day)
            order by e.episode_key
            """;
        IReadOnlyList<(long EpisodeKey, int Day, string Level, string FacilityId, long PatientKey)> inCare;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            inCare = [.. await connection.QueryAsync<(long, int, string, string, long)>(new CommandDefinition(activeSql, new { Day = day }, commandTimeout: 0, cancellationToken: cancellationToken))];
        }

        // The census a facility's capacity may be scaled by: every patient in IOP or PHP care, scored or not.
        var patientsInCare = inCare.GroupBy(p => p.FacilityId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.PatientKey).Distinct().Count(), StringComparer.Ordinal);

        // Only patients inside what the model learned are scored; the others are counted by reason (a model stored
        // before domains has none and scores everyone, as before).
        var domain = promoted.Domain;
        IReadOnlyList<(long, DateOnly)> active = [.. inCare.Where(p => domain is null || domain.Contains(p.Day, p.Level)).Select(p => (p.EpisodeKey, day))];
        IReadOnlyList<NotScoredCount> notScored = domain?.Exclusions(inCare.Select(p => (p.Day, p.Level))) ?? [];
        Done("model and patients in care");
        var loaded = await SnapshotQuery.LoadAsync(dataSource, active, day, SnapshotQuery.DefaultHorizonDays, promoted.Sources, cancellationToken);
        // Missing sources are missing: a patient of a facility whose sessions, screens or family contacts — those the
        // model learnt from — do not reach the day, or begin after the admission, is not scored (SnapshotQuery marks it),
        // rather than read as full attendance and nothing found.
        var features = loaded.Where(f => f.MissingSource is null).ToList();
        notScored = [.. notScored, .. loaded.Where(f => f.MissingSource is not null)
            .GroupBy(f => f.MissingSource!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new NotScoredCount(g.Key, g.Count()))];
        Done("features");
        var model = new ScoringModel(promoted.Bytes, promoted.Recalibration, promoted.Explanation);
        var scored = features.Zip(RiskReasons.Explain(model, features), (f, e) => (Features: f, Probability: e.Risk, e.Reasons)).ToList();
        Done("risks and reasons");

        var rows = scored.GroupBy(s => s.Features.FacilityId)
            .SelectMany(g => g.OrderByDescending(s => s.Probability).ThenBy(s => s.Features.EpisodeKey).Select((s, i) => (s.Features, s.Probability, s.Reasons, Rank: i + 1)))
            .ToList();
        var raised = await SaveAsync(promoted.ModelId, promoted.HorizonDays, day, capacity, patientsInCare, riskFloor, rows, cancellationToken);
        Done("scores stored, flags raised");
        var worklist = await WorklistAsync(promoted.ModelId, day, cancellationToken);
        Done("worklist");
        return new ScoringResult(promoted.ModelId, day, rows.Count, raised, worklist)
        {
            Steps = steps,
            NotScored = notScored,
            Capacities = patientsInCare.ToDictionary(p => p.Key, p => (p.Value, capacity.For(p.Value)), StringComparer.Ordinal),
        };
    }

    /// <summary>The day's worklist: every open or acknowledged flag of a patient scored that day, with the day's risk and reasons.</summary>
    private async Task<IReadOnlyList<FlaggedEpisode>> WorklistAsync(long modelId, DateOnly day, CancellationToken cancellationToken)
    {
        const string sql = """
            select f.flag_id as FlagId, r.episode_key as EpisodeKey, f.facility_id as FacilityId, r.rank_in_facility as Rank,
                   r.probability as Probability, r.reasons as Reasons, f.raised_on as RaisedOn, f.status as Status
            from risk_score r
            join risk_flag f on f.episode_key = r.episode_key and f.status in ('open', 'acknowledged')
            where r.model_id = @ModelId and r.scored_on = @Day
            order by f.facility_id, r.rank_in_facility
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<WorklistRow>(new CommandDefinition(sql, new { ModelId = modelId, Day = day }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new FlaggedEpisode(r.FlagId, r.EpisodeKey, r.FacilityId, r.Rank, r.Probability, r.Reasons, r.RaisedOn, r.Status, r.RaisedOn == day))];
    }

    private async Task<int> SaveAsync(
        long modelId, int horizonDays, DateOnly day, FlagCapacity capacity, IReadOnlyDictionary<string, int> patientsInCare, double riskFloor,
        IReadOnlyList<(SnapshotFeatures Features, double Probability, IReadOnlyList<string> Reasons, int Rank)> rows,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from risk_score where model_id = @ModelId and scored_on = @Day", new { ModelId = modelId, Day = day }, transaction, cancellationToken: cancellationToken));
        // COPY cannot write into a table under row-level security (migration 0015): the scores go into a temporary
        // table first, and from there into risk_score by one INSERT, which the policies check.
        await connection.ExecuteAsync(new CommandDefinition(
            "create temp table risk_score_load (like risk_score including defaults) on commit drop", transaction: transaction, cancellationToken: cancellationToken));
        await using (var importer = await connection.BeginBinaryImportAsync(
            "copy risk_score_load (model_id, episode_key, scored_on, probability, flagged, rank_in_facility, reasons) from stdin (format binary)", cancellationToken))
        {
            // In key order: the key index grows at its end and the foreign-key checks read the episodes in their order.
            foreach (var (features, probability, reasons, rank) in rows.OrderBy(r => r.Features.EpisodeKey))
            {
                // Synchronous writes: they fill Npgsql's buffer and only go to the server when it is full.
                importer.StartRow();
                importer.Write(modelId, NpgsqlDbType.Bigint);
                importer.Write(features.EpisodeKey, NpgsqlDbType.Bigint);
                importer.Write(day, NpgsqlDbType.Date);
                importer.Write(probability, NpgsqlDbType.Double);
                importer.Write(false, NpgsqlDbType.Boolean);
                importer.Write(rank, NpgsqlDbType.Integer);
                importer.Write(reasons.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "insert into risk_score (model_id, episode_key, scored_on, probability, flagged, rank_in_facility, reasons) select model_id, episode_key, scored_on, probability, flagged, rank_in_facility, reasons from risk_score_load order by episode_key",
            transaction: transaction, commandTimeout: 0, cancellationToken: cancellationToken));
        var raised = await FlagStore.RaiseAsync(connection, transaction, modelId, horizonDays, day, capacity, patientsInCare, riskFloor, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return raised;
    }

    // A class, not a record: Dapper fills text[] columns through setters, not through a constructor.
    private sealed class WorklistRow
    {
        public long FlagId { get; init; }

        public long EpisodeKey { get; init; }

        public string FacilityId { get; init; } = "";

        public int Rank { get; init; }

        public double Probability { get; init; }

        public string[] Reasons { get; init; } = [];

        public DateOnly RaisedOn { get; init; }

        public string Status { get; init; } = "";
    }
}
