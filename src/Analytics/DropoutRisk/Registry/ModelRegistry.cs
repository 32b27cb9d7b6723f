using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Training;

namespace Outcomes.Analytics.DropoutRisk.Registry;

/// <summary>
/// The model registry in PostgreSQL: models arrive as candidates; promoting one retires the one before it in
/// the same transaction, so exactly one model scores patients at any time.
/// </summary>
public sealed class ModelRegistry(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public async Task<long> SaveCandidateAsync(TrainingResult result, int horizonDays, DateOnly dataThrough, CancellationToken cancellationToken = default)
    {
        const string sql = """
            insert into dropout_model (status, algorithm, feature_schema, horizon_days, trained_through_admission, data_through,
                                       training_rows, test_rows, metrics, model_bytes, software_version)
            values ('candidate', @Algorithm, @Schema::jsonb, @Horizon, @TrainedThrough, @DataThrough, @TrainingRows, @TestRows,
                    @Metrics::jsonb, @Bytes, @Version)
            returning model_id
            """;
        var version = typeof(ModelRegistry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, new
        {
            Algorithm = DropoutModelTrainer.GradientBoosted,
            Schema = JsonSerializer.Serialize(new { numeric = ModelInput.NumericNames, categorical = new[] { "facility", "referral source" }, domain = result.Domain, landmark_days = result.LandmarkDays, explanation = result.Explanation, sources = result.Sources }, Json),
            Horizon = horizonDays,
            TrainedThrough = result.TrainedThroughAdmission,
            DataThrough = dataThrough,
            result.TrainingRows,
            result.TestRows,
            Metrics = JsonSerializer.Serialize(new
            {
                test_dropout_rate = result.TestDropoutRate, evaluations = result.Evaluations, subgroups = result.Subgroups, reference = result.Reference,
                training_events = result.TrainingEvents, candidate_variables = result.CandidateVariables, guard_failures = result.GuardFailures,
                by_landmark_day = result.ByLandmarkDay, excluded_for_outreach = result.ExcludedForOutreach,
                censoring = Features.CensoringRule.Name, participant_flow = result.Flow,
                sources_by_facility = result.SourcesByFacility, operating_point = result.OperatingPoint, thresholds = result.Thresholds,
                decision_curve = result.DecisionCurve, calibration_curve = result.CalibrationCurve, fairness = result.Fairness, learning_curve = result.LearningCurve,
            }, Json),
            Bytes = result.ModelBytes,
            Version = version,
        }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "update dropout_model set model_card = @Card where model_id = @Id",
            new { Id = id, Card = ModelCard.Render(id, result, horizonDays, dataThrough, version) }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    public async Task<IReadOnlyList<RegisteredModel>> ListAsync(CancellationToken cancellationToken = default)
    {
        const string sql = """
            select model_id as ModelId, status as Status, algorithm as Algorithm, horizon_days as HorizonDays,
                   trained_through_admission as TrainedThroughAdmission, data_through as DataThrough,
                   training_rows as TrainingRows, test_rows as TestRows,
                   (metrics -> 'evaluations' -> 0 ->> 'auroc')::double precision as Auroc, created_at as CreatedAt,
                   jsonb_array_length(coalesce(metrics -> 'guard_failures', '[]')) > 0 as FailedGuards
            from dropout_model order by model_id desc
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ModelRow>(new CommandDefinition(sql, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new RegisteredModel(r.ModelId, ModelStatusText.Parse(r.Status), r.Algorithm, r.HorizonDays, r.TrainedThroughAdmission,
            r.DataThrough, r.TrainingRows, r.TestRows, r.Auroc, r.CreatedAt) { FailedGuards = r.FailedGuards })];
    }

    /// <summary>
    /// Why a model may never be promoted: the guards it failed when it was trained (<see cref="PromotionGuards"/>, stored in
    /// <c>metrics → guard_failures</c>; a recalibrated copy keeps them). Empty when it passed them, or was stored before guards.
    /// </summary>
    public async Task<IReadOnlyList<string>> GuardFailuresAsync(long modelId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var json = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "select (metrics -> 'guard_failures')::text from dropout_model where model_id = @Id", new { Id = modelId }, cancellationToken: cancellationToken));
        return json is null ? [] : JsonSerializer.Deserialize<List<string>>(json, Json) ?? [];
    }

    /// <summary>Promotes a candidate; the model promoted before it is retired. Returns false when there is no such candidate.</summary>
    public async Task<bool> PromoteAsync(long modelId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var isCandidate = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from dropout_model where model_id = @Id and status = 'candidate' for update)",
            new { Id = modelId }, transaction, cancellationToken: cancellationToken));
        if (!isCandidate)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "update dropout_model set status = 'retired', retired_at = now() where status = 'promoted'",
            transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "update dropout_model set status = 'promoted', promoted_at = now() where model_id = @Id",
            new { Id = modelId }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> RetireAsync(long modelId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update dropout_model set status = 'retired', retired_at = now() where model_id = @Id and status <> 'retired'",
            new { Id = modelId }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>
    /// A model's training cut-off, horizon, data-through date, training rows and the distribution of its features in
    /// those rows; null when there is no such model or it was stored without one.
    /// </summary>
    public async Task<(DateOnly Cutoff, int HorizonDays, DateOnly DataThrough, int TrainingRows, IReadOnlyList<Evaluation.FeatureReference> Reference)?> LoadReferenceAsync(
        long modelId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(DateOnly, int, DateOnly, int, string?)?>(new CommandDefinition(
            "select trained_through_admission, horizon_days, data_through, training_rows, (metrics -> 'reference')::text from dropout_model where model_id = @Id",
            new { Id = modelId }, cancellationToken: cancellationToken));
        if (row is not { Item5: { } json } found)
        {
            return null;
        }

        return (found.Item1, found.Item2, found.Item3, found.Item4, JsonSerializer.Deserialize<List<Evaluation.FeatureReference>>(json, Json)!);
    }

    /// <summary>
    /// The landmark days a model was trained on (<c>feature_schema → landmark_days</c>; for a model stored before they were
    /// recorded, the first month's, the only set there was: <see cref="Features.LandmarkSet.OfStoredModel"/>), so that its
    /// drift, calibration and promotion checks read the snapshots it learnt from. Null when there is no such model.
    /// </summary>
    public async Task<IReadOnlyList<int>?> LandmarkDaysAsync(long modelId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(long, string?)?>(new CommandDefinition(
            "select model_id, (feature_schema -> 'landmark_days')::text from dropout_model where model_id = @Id",
            new { Id = modelId }, cancellationToken: cancellationToken));
        return row is { } r ? Features.LandmarkSet.OfStoredModel(r.Item2 is null ? null : JsonSerializer.Deserialize<List<int>>(r.Item2, Json)) : null;
    }

    /// <summary>
    /// The data sources model <paramref name="modelId"/> learnt from (<c>feature_schema → sources</c>): the sources its
    /// checks need; null when there is no such model or it was stored before its sources were recorded (every source
    /// some facility sent is needed then).
    /// </summary>
    public async Task<IReadOnlyList<string>?> SourcesAsync(long modelId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var json = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "select (feature_schema -> 'sources')::text from dropout_model where model_id = @Id",
            new { Id = modelId }, cancellationToken: cancellationToken));
        return ReadSources(json);
    }

    /// <summary>The model card stored with a model, or null when there is no such model or it has none.</summary>
    public async Task<string?> LoadCardAsync(long modelId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "select model_card from dropout_model where model_id = @Id", new { Id = modelId }, cancellationToken: cancellationToken));
    }

    /// <summary>The promoted model's id, or null when none is promoted; the one place that asks which model is promoted.</summary>
    public async Task<long?> PromotedIdAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select model_id from dropout_model where status = 'promoted'", cancellationToken: cancellationToken));
    }

    /// <summary>The promoted model with the metrics stored with it (<see cref="ModelMetrics"/>), or null when none is promoted.</summary>
    public async Task<PromotedModel?> PromotedAsync(CancellationToken cancellationToken = default)
    {
        const string sql = """
            select model_id as ModelId, algorithm as Algorithm, (metrics -> 'evaluations' -> 0)::text as Evaluation, horizon_days as HorizonDays
            from dropout_model where status = 'promoted'
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PromotedRow>(new CommandDefinition(sql, cancellationToken: cancellationToken));
        return row is null ? null : new PromotedModel(row.ModelId, row.Algorithm, ReadMetrics(row.Evaluation), row.HorizonDays);
    }

    /// <summary>A stored evaluation (<c>metrics → evaluations → 0</c>) as <see cref="ModelMetrics"/>; an interval not stored is NaN.</summary>
    private static ModelMetrics ReadMetrics(string? evaluationJson)
    {
        if (evaluationJson is null || JsonSerializer.Deserialize<StoredEvaluation>(evaluationJson, Json) is not { } evaluation)
        {
            return ModelMetrics.None;
        }

        var calibration = evaluation.CalibrationTable?.Select(g => new Evaluation.CalibrationGroup(g.Group, g.Count, g.MeanPredicted, g.Observed,
            new Interval(g.ObservedInterval?.Lower ?? double.NaN, g.ObservedInterval?.Upper ?? double.NaN))).ToList() ?? [];
        return new ModelMetrics(evaluation.Auroc, calibration);
    }

    private sealed record PromotedRow(long ModelId, string Algorithm, string? Evaluation, int HorizonDays);

    private sealed record StoredEvaluation(double? Auroc, IReadOnlyList<StoredGroup>? CalibrationTable);

    private sealed record StoredGroup(int Group, int Count, double MeanPredicted, double Observed, StoredInterval? ObservedInterval);

    private sealed record StoredInterval(double Lower, double Upper);

    /// <summary>
    /// The promoted model's id, horizon, bytes, recalibration, scoring domain (null for a model stored before
    /// domains were recorded), explanation basis (null for one stored before it was recorded) and the data sources it
    /// learnt from (null for one stored before they were recorded), or null when none is promoted.
    /// </summary>
    public async Task<(long ModelId, int HorizonDays, byte[] Bytes, Recalibration? Recalibration, Scoring.ScoringDomain? Domain, Explanation.ExplanationBasis? Explanation, IReadOnlyList<string>? Sources)?> LoadPromotedAsync(
        CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(long, int, byte[], string?, string?, string?, string?)?>(new CommandDefinition(
            "select model_id, horizon_days, model_bytes, recalibration::text, (feature_schema -> 'domain')::text, (feature_schema -> 'explanation')::text, (feature_schema -> 'sources')::text from dropout_model where status = 'promoted'",
            cancellationToken: cancellationToken));
        return row is { } r ? (r.Item1, r.Item2, r.Item3, ReadRecalibration(r.Item4), ReadDomain(r.Item5), ReadExplanation(r.Item6), ReadSources(r.Item7)) : null;
    }

    /// <summary>The data sources a model learnt from (<c>feature_schema → sources</c>); null when none were recorded (JSON null or absent).</summary>
    private static IReadOnlyList<string>? ReadSources(string? json) => json is null ? null : JsonSerializer.Deserialize<List<string>?>(json, Json);

    /// <summary>A stored explanation basis (<c>feature_schema → explanation</c>); null when none was stored (JSON null or absent).</summary>
    private static Explanation.ExplanationBasis? ReadExplanation(string? json) => json is null ? null : JsonSerializer.Deserialize<Explanation.ExplanationBasis?>(json, Json);

    /// <summary>A stored scoring domain (<c>feature_schema → domain</c>); null when none was stored (JSON null or absent).</summary>
    private static Scoring.ScoringDomain? ReadDomain(string? json) => json is null ? null : JsonSerializer.Deserialize<Scoring.ScoringDomain?>(json, Json);

    /// <summary>What scoring a model needs: its training cut-off, horizon, bytes and recalibration; null when there is no such model.</summary>
    public async Task<(DateOnly Cutoff, int HorizonDays, byte[] Bytes, Recalibration? Recalibration)?> LoadForScoringAsync(
        long modelId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(DateOnly, int, byte[], string?)?>(new CommandDefinition(
            "select trained_through_admission, horizon_days, model_bytes, recalibration::text from dropout_model where model_id = @Id",
            new { Id = modelId }, cancellationToken: cancellationToken));
        return row is { } r ? (r.Item1, r.Item2, r.Item3, ReadRecalibration(r.Item4)) : null;
    }

    public static Recalibration? ReadRecalibration(string? json) => json is null ? null : JsonSerializer.Deserialize<Recalibration>(json, Json);

    /// <summary>
    /// Stores <paramref name="fromModel"/> again as a new candidate, recalibrated: same bytes, schema and training
    /// window, its metrics kept for the record, and the recalibration that maps its risks.
    /// </summary>
    public async Task<long> SaveRecalibratedAsync(long fromModel, Recalibration recalibration, CancellationToken cancellationToken = default)
    {
        const string sql = """
            insert into dropout_model (status, algorithm, feature_schema, horizon_days, trained_through_admission, data_through,
                                       training_rows, test_rows, metrics, model_bytes, software_version, model_card, recalibration)
            select 'candidate', algorithm || ', recalibrated', feature_schema, horizon_days, trained_through_admission, data_through,
                   training_rows, test_rows, metrics, model_bytes, software_version,
                   model_card || E'\n## Recalibration\n\n' || @Note || E'\n',
                   @Recalibration::jsonb
            from dropout_model where model_id = @From
            returning model_id
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(sql, new
        {
            From = fromModel,
            Recalibration = JsonSerializer.Serialize(recalibration, Json),
            Note = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Risks of model {fromModel} mapped by logit(p') = {recalibration.Intercept:F3} + {recalibration.Slope:F3} · logit(p), fitted on {recalibration.Rows:N0} snapshots of its recalibration slice only (patients first admitted on or after {recalibration.AdmittedFrom:yyyy-MM-dd}, none of them in its training, test or promotion rows; censoring: {Features.CensoringRule.Name}) with outcomes known by {recalibration.DataThrough:yyyy-MM-dd}."),
        }, cancellationToken: cancellationToken)) ?? throw new InvalidOperationException($"model: {fromModel} does not exist (see 'outcomes model list').");
    }

    /// <summary>
    /// A candidate already stored with exactly this recalibration (the same model, fit and data-through date), or null:
    /// a check run again on the same data fits the same mapping, which need not be stored twice.
    /// </summary>
    public async Task<long?> RecalibratedCandidateAsync(Recalibration recalibration, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select max(model_id) from dropout_model where status = 'candidate' and recalibration = @Recalibration::jsonb",
            new { Recalibration = JsonSerializer.Serialize(recalibration, Json) }, cancellationToken: cancellationToken));
    }

    /// <summary>A row of <see cref="ListAsync"/> as stored, its status still text.</summary>
    private sealed record ModelRow(
        long ModelId, string Status, string Algorithm, int HorizonDays, DateOnly TrainedThroughAdmission, DateOnly DataThrough,
        int TrainingRows, int TestRows, double? Auroc, DateTime CreatedAt, bool FailedGuards);
}
