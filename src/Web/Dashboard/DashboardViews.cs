using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Screen;
using Outcomes.Web.SignIn;

namespace Outcomes.Web.Dashboard;

/// <summary>
/// Chooses what a dashboard request shows and reads it, every query on the login's own connection (row-level security
/// decides which runs it finds): the populations it may pick, the months with stored runs, and the month read by the
/// workbook's own code (<see cref="MonthDashboard"/>). A month read is kept for the session a few minutes, so that the
/// page's pictures, each a request of its own, draw from the same read instead of reading the runs again.
/// </summary>
internal sealed class DashboardViews : IDisposable
{
    /// <summary>Months kept at once across all sessions; the least recently used go first.</summary>
    public const int MaxKept = 64;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxKept });

    /// <summary>How long a read month is kept for its session after its last use.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromMinutes(5);

    /// <summary>The director's page is an internal output, as the monthly workbook is: exact counts, small ones marked.</summary>
    public static DisclosurePolicy Disclosure { get; } = DisclosurePolicy.For(ReportOutput.MonthlyWorkbook, null, new SmallCellPolicy());

    /// <summary>
    /// The choice of a request asking for <paramref name="month"/> (a label like 2026-10, or none: the newest stored) of
    /// <paramref name="population"/> (a facility id, <see cref="Database.Access.FacilityScope.AllName"/>, or none: the
    /// first the login may pick); null when it asks for a population or month the login may not see or that has no run.
    /// </summary>
    public async Task<DashboardChoice?> ChooseAsync(LoginSession session, string? month, string? population, CancellationToken cancellationToken)
    {
        var populations = await PopulationsAsync(session, cancellationToken);
        var index = string.IsNullOrEmpty(population) ? 0 : IndexOf(populations, population);
        if (index < 0 || populations.Count == 0)
        {
            return null;
        }

        var facility = populations[index];

        var months = await AnalysisRuns.StoredMonthsAsync(session.Reads, facility, cancellationToken);
        if (string.IsNullOrEmpty(month))
        {
            return months.Count == 0
                ? new DashboardChoice(populations, facility, months, null, default)
                : new DashboardChoice(populations, facility, months, months[0].Month, months[0].DataThrough);
        }

        return months.Where(m => m.Month.Label == month).Select(m => new DashboardChoice(populations, facility, months, m.Month, m.DataThrough)).FirstOrDefault();
    }

    /// <summary>
    /// Whether the login may pick <paramref name="population"/> (as a URL writes it), and the facility it is (null: all
    /// facilities together).
    /// </summary>
    public async Task<(bool May, string? Facility)> PopulationAsync(LoginSession session, string population, CancellationToken cancellationToken)
    {
        var populations = await PopulationsAsync(session, cancellationToken);
        var index = IndexOf(populations, population);
        return index < 0 ? (false, null) : (true, populations[index]);
    }

    private static int IndexOf(IReadOnlyList<string?> populations, string population) =>
        populations.Select((p, i) => (p, i)).Where(x => DashboardChoice.Key(x.p) == population).Select(x => x.i).DefaultIfEmpty(-1).First();

    /// <summary>The month of <paramref name="choice"/> as the workbook reads it, from this session's recent reads or read now.</summary>
    public async Task<DashboardView> ViewAsync(LoginSession session, DashboardChoice choice, CancellationToken cancellationToken)
    {
        var month = choice.Month ?? throw new InvalidOperationException("No month was chosen.");
        var key = (session.Id, month.Label, DashboardChoice.Key(choice.Facility));
        if (_cache.TryGetValue(key, out DashboardView? kept) && kept!.DataThrough == choice.DataThrough)
        {
            return kept;
        }

        var view = new DashboardView(await MonthDashboard.LoadAsync(session.Reads, month, choice.Facility, choice.DataThrough, Disclosure, cancellationToken));
        _cache.Set(key, view, new MemoryCacheEntryOptions { SlidingExpiration = Kept, Size = 1 });
        return view;
    }

    /// <summary>A month this session read recently, for a picture's request; null when it has not (or no longer).</summary>
    public DashboardView? Recent(LoginSession session, string month, string population) =>
        _cache.TryGetValue((session.Id, month, population), out DashboardView? view) ? view : null;

    /// <summary>
    /// The populations a login may pick: all facilities together and each facility for a login limited to none; its own
    /// facilities for a limited one (it sees no run of all facilities: row-level security hides them).
    /// </summary>
    private static async Task<IReadOnlyList<string?>> PopulationsAsync(LoginSession session, CancellationToken cancellationToken)
    {
        if (!session.Facilities.IsAll)
        {
            return [.. session.Facilities.Facilities];
        }

        const string sql = "select facility_id from facility order by facility_id";
        await using var connection = await session.Reads.OpenConnectionAsync(cancellationToken);
        var facilities = await connection.QueryAsync<string>(new CommandDefinition(sql, cancellationToken: cancellationToken));
        return [null, .. facilities];
    }

    public void Dispose() => _cache.Dispose();
}
