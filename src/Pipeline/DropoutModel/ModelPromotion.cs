using Npgsql;
using Outcomes.Analytics.DropoutRisk.Registry;

namespace Outcomes.Pipeline.DropoutModel;

/// <summary>
/// Promoting a candidate: never when it failed its guards at training (<see cref="Analytics.DropoutRisk.Training.PromotionGuards"/>:
/// too few events, one outcome in a split, no better than a constant or the missed-sessions rule), forced or not, and
/// whatever the rule — the first model gets no free pass; otherwise compared with the promoted model on recent admissions
/// neither trained on (<see cref="PromotionCheck"/>) and promoted when at least as good, or anyway when forced. <c>outcomes model promote</c>,
/// <see cref="TrainAndPromote"/> and <see cref="RecalibrateIfDrifted"/> all promote through here.
/// </summary>
public sealed class ModelPromotion(NpgsqlDataSource analyst)
{
    public async Task<PromotionOutcome> PromoteAsync(long candidateId, bool force, CancellationToken cancellationToken = default)
    {
        if (await GuardsFailedAsync(candidateId, cancellationToken) is { } failed)
        {
            return failed;
        }

        var verdict = await new PromotionCheck(analyst).CheckAsync(candidateId, cancellationToken);
        if (!verdict.AtLeastAsGood && !force)
        {
            return new PromotionOutcome(candidateId, verdict, Promoted: false, Forced: false, NotACandidate: false);
        }

        var promoted = await new ModelRegistry(analyst).PromoteAsync(candidateId, cancellationToken);
        return new PromotionOutcome(candidateId, verdict, promoted, Forced: promoted && !verdict.AtLeastAsGood, NotACandidate: !promoted);
    }

    /// <summary>Applies <paramref name="rule"/> to a candidate just stored; null for <see cref="PromotionRule.Never"/>.</summary>
    public async Task<PromotionOutcome?> ApplyAsync(long candidateId, PromotionRule rule, CancellationToken cancellationToken = default)
    {
        switch (rule)
        {
            case PromotionRule.IfAtLeastAsGood:
                return await PromoteAsync(candidateId, force: false, cancellationToken);
            case PromotionRule.IfNonePromoted:
                if (await GuardsFailedAsync(candidateId, cancellationToken) is { } failed)
                {
                    return failed;
                }

                var registry = new ModelRegistry(analyst);
                var promoted = await registry.PromotedIdAsync(cancellationToken) is null && await registry.PromoteAsync(candidateId, cancellationToken);
                return new PromotionOutcome(candidateId, null, promoted, Forced: false, NotACandidate: false);
            default:
                return null;
        }
    }

    private async Task<PromotionOutcome?> GuardsFailedAsync(long candidateId, CancellationToken cancellationToken)
    {
        var failures = await new ModelRegistry(analyst).GuardFailuresAsync(candidateId, cancellationToken);
        return failures.Count == 0 ? null : new PromotionOutcome(candidateId, null, Promoted: false, Forced: false, NotACandidate: false) { GuardFailures = failures };
    }
}
