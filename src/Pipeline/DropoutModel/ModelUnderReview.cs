using Npgsql;
using Outcomes.Analytics.DropoutRisk.Registry;

namespace Outcomes.Pipeline.DropoutModel;

/// <summary>
/// The model a check looks at — the one named, else the promoted one — and the day the data are complete through.
/// Either is null when there is none (no model promoted, nothing loaded); the caller says what that means for it.
/// </summary>
public sealed record ModelUnderReview(long? ModelId, DateOnly? DataThrough)
{
    public static async Task<ModelUnderReview> FindAsync(NpgsqlDataSource analyst, long? named, CancellationToken cancellationToken = default)
    {
        var modelId = named ?? await new ModelRegistry(analyst).PromotedIdAsync(cancellationToken);
        return new ModelUnderReview(modelId, await Analytics.Runs.DataThrough.LatestAsync(analyst, cancellationToken));
    }
}
