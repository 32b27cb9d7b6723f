using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Analytics.Periods;

namespace Outcomes.Web.Usefulness;

/// <summary>
/// The figures of the flag usefulness page over the twelve months up to the data-through date, for the facilities the
/// store's login sees (one, or all of them): by month raised, the precision of matured flags, the review and its
/// promptness; over the twelve months, what became of patients after outreach. Exact counts, for the quality team.
/// </summary>
internal sealed record UsefulnessFigures(
    ReportingPeriod Period, DateOnly DataThrough, int ReviewWithinDays, IReadOnlyList<UsefulnessMonth> Months, IReadOnlyList<FlagOutreachOutcome> Outreach)
{
    /// <summary>Every query goes through <paramref name="store"/>: on the login's own connection, row-level security decides.</summary>
    public static async Task<UsefulnessFigures> LoadAsync(
        FlagStore store, string? facility, DateOnly dataThrough, int reviewWithinDays, CancellationToken cancellationToken)
    {
        var period = ReportingPeriod.TrailingYear(dataThrough);
        // The report's follow-through counts, the review's promptness month by month and the outcomes after outreach,
        // from one read of the flags and their review steps.
        var (byMonth, outreach) = await store.FollowThroughAndOutreachAsync(period, facility, dataThrough, reviewWithinDays, cancellationToken);
        var months = byMonth
            .Where(m => m.FollowThrough.Raised > 0)
            .OrderByDescending(m => m.Month)
            .Select(m => new UsefulnessMonth(m.Month, m.FollowThrough, m.Promptness))
            .ToList();
        return new UsefulnessFigures(period, dataThrough, reviewWithinDays, months, outreach);
    }
}
