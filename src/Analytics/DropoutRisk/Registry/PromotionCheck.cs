using Dapper;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Training;

namespace Outcomes.Analytics.DropoutRisk.Registry;

/// <summary>
/// Whether a candidate is at least as good as the promoted model, judged on the same recent rows: landmark snapshots,
/// at the landmark days both were trained on, of the promotion slice after the later of their two training cut-offs
/// (<see cref="EvaluationSlices"/>: patients first admitted on or after it, set aside for promotion), so rows neither
/// model was fitted on, tested on or recalibrated on, labelled under the <see cref="CensoringRule"/> with the data the
/// candidate was trained with. At least as good means an AUROC no more than
/// <see cref="AurocMargin"/> below the promoted model's and a Brier score no more than <see cref="BrierMargin"/>
/// above it: margins so that sampling noise alone does not keep a model trained on fresher data from promotion.
/// </summary>
public sealed class PromotionCheck(NpgsqlDataSource dataSource)
{
    public const double AurocMargin = 0.01;
    public const double BrierMargin = 0.002;

    public sealed record Verdict(
        long CandidateId, long? PromotedId, int Rows, double? CandidateAuroc, double? PromotedAuroc, double? CandidateBrier, double? PromotedBrier,
        bool AtLeastAsGood, string Reason);

    public async Task<Verdict> CheckAsync(long candidateId, CancellationToken cancellationToken = default)
    {
        const string sql = """
            select model_id as ModelId, status as Status, horizon_days as HorizonDays, trained_through_admission as Cutoff,
                   data_through as DataThrough, model_bytes as Bytes, recalibration::text as Recalibration
            from dropout_model where model_id = @Candidate or status = 'promoted'
            """;
        List<ModelRow> models;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            models = [.. await connection.QueryAsync<ModelRow>(new CommandDefinition(sql, new { Candidate = candidateId }, cancellationToken: cancellationToken))];
        }

        var candidate = models.SingleOrDefault(m => m.ModelId == candidateId && m.RegistryStatus == ModelStatus.Candidate)
            ?? throw new InvalidOperationException($"model: {candidateId} is not a candidate (see 'outcomes model list').");
        var promoted = models.SingleOrDefault(m => m.RegistryStatus == ModelStatus.Promoted);
        if (promoted is null)
        {
            return new Verdict(candidateId, null, 0, null, null, null, null, true, "no model is promoted yet");
        }

        var from = candidate.Cutoff > promoted.Cutoff ? candidate.Cutoff : promoted.Cutoff;
        // Compared on the landmark days both models learnt from: a model is not judged where it would not score.
        var registry = new ModelRegistry(dataSource);
        var candidateDays = await registry.LandmarkDaysAsync(candidate.ModelId, cancellationToken) ?? LandmarkSet.FirstMonth.Days;
        var promotedDays = await registry.LandmarkDaysAsync(promoted.ModelId, cancellationToken) ?? LandmarkSet.FirstMonth.Days;
        var landmarks = (await SnapshotQuery.LandmarksAsync(dataSource, candidate.DataThrough, [.. candidateDays.Intersect(promotedDays)], cancellationToken)).ToList();
        // Compared on the rows both models would score: those where the sources either learnt from reach the day.
        var candidateSources = await registry.SourcesAsync(candidate.ModelId, cancellationToken);
        var promotedSources = await registry.SourcesAsync(promoted.ModelId, cancellationToken);
        IReadOnlyCollection<string>? sources = candidateSources is null || promotedSources is null ? null : [.. candidateSources.Union(promotedSources)];
        var rows = Rows(await SnapshotQuery.LoadAsync(dataSource, landmarks, candidate.DataThrough, candidate.HorizonDays, sources, cancellationToken), from);
        var outcomes = rows.Select(r => r.DroppedOutWithinHorizon!.Value).ToArray();
        if (outcomes.Distinct().Count() < 2)
        {
            return new Verdict(candidateId, promoted.ModelId, rows.Count, null, null, null, null, false,
                $"too few recent admissions of the promotion slice (patients first admitted on or after {from:yyyy-MM-dd}) with a known outcome to compare the two models");
        }

        var candidateRisks = new ScoringModel(candidate.Bytes, ModelRegistry.ReadRecalibration(candidate.Recalibration)).Predict(rows);
        var promotedRisks = new ScoringModel(promoted.Bytes, ModelRegistry.ReadRecalibration(promoted.Recalibration)).Predict(rows);
        var (ca, pa) = (Discrimination.Auroc(candidateRisks, outcomes), Discrimination.Auroc(promotedRisks, outcomes));
        var (cb, pb) = (Discrimination.Brier(candidateRisks, outcomes), Discrimination.Brier(promotedRisks, outcomes));
        var good = ca >= pa - AurocMargin && cb <= pb + BrierMargin;
        var reason = good
            ? "at least as good as the promoted model on the same recent admissions of the promotion slice"
            : ca < pa - AurocMargin ? $"AUROC more than {AurocMargin} below the promoted model's" : $"Brier score more than {BrierMargin} above the promoted model's";
        return new Verdict(candidateId, promoted.ModelId, rows.Count, ca, pa, cb, pb, good, reason);
    }

    /// <summary>
    /// The rows two models are compared on, <paramref name="from"/> the later of their training cut-offs: the usable
    /// snapshots (<see cref="DropoutModelTrainer.Usable"/>) of the promotion slice after it.
    /// </summary>
    public static IReadOnlyList<SnapshotFeatures> Rows(IEnumerable<SnapshotFeatures> snapshots, DateOnly from) =>
        [.. snapshots.Where(s => DropoutModelTrainer.Usable(s) && EvaluationSlices.Of(s, from) == EvaluationSlice.Promotion)];

    private sealed record ModelRow(long ModelId, string Status, int HorizonDays, DateOnly Cutoff, DateOnly DataThrough, byte[] Bytes, string? Recalibration)
    {
        public ModelStatus RegistryStatus => ModelStatusText.Parse(Status);
    }
}
