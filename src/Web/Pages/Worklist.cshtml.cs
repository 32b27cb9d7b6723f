using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Web.Hosting;
using Outcomes.Web.SignIn;
using Outcomes.Web.Worklist;

namespace Outcomes.Web.Pages;

/// <summary>
/// The quality team's worklist: the flags the login sees (row-level security on its own connection decides which),
/// highest risk first, with reasons in plain words, the suggested action, days in care, recent attendance as a sparkline
/// and the history of reviews; filters by facility, level, counsellor and status; review steps through
/// <see cref="FlagStore.ReviewAsync"/>, recorded in the audit trail under the login. A login whose role may see patients'
/// source ids gets a "show id" action per flag (a POST; the database writes the audit line of each view); any other
/// login never gets an id, the database refuses the call.
/// </summary>
internal sealed class WorklistModel(WebDatabase database, WebOptions options, TimeProvider time) : PageModel
{
    public const string Active = "active";
    public const string All = "all";

    /// <summary>The levels of care the model scores (docs/model.md).</summary>
    public static readonly IReadOnlyList<string> Levels = ["iop", "php"];

    public static readonly IReadOnlyList<string> Statuses = [Active, .. FlagStatus.All, All];

    /// <summary>Why a source id is looked at: one is chosen for each view, and the audit line keeps it.</summary>
    public static readonly IReadOnlyList<string> Purposes =
        ["to call the patient", "to schedule or change a session", "to find the record in the center's system"];

    [BindProperty(SupportsGet = true)]
    public string? Facility { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Level { get; set; }

    /// <summary>The staff code of a primary counsellor, to see that counsellor's flags only (a parameter of the query).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Counsellor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    /// <summary>
    /// The place in the worklist's order (from 1) of the first flag shown: the list is read a page of
    /// <see cref="WebOptions.WorklistPageSize"/> flags at a time. Not "page", which Razor Pages keeps for its own route.
    /// </summary>
    [BindProperty(SupportsGet = true)]
    public int? Start { get; set; }

    /// <summary>The flag just reviewed (after the redirect of a review), to say so at the top.</summary>
    [BindProperty(SupportsGet = true)]
    public long? Reviewed { get; set; }

    public IReadOnlyList<FlagSummary> Flags => Listing.Flags;

    /// <summary>The page of the worklist shown, with how many flags the filters choose in all.</summary>
    public FlagPage Listing { get; private set; } = new([], 0, 0);

    public int PageSize => options.WorklistPageSize;

    public ILookup<long, FlagReviewStep> History { get; private set; } = Array.Empty<FlagReviewStep>().ToLookup(s => s.FlagId);

    public IReadOnlyDictionary<long, RecentAttendance> Attendance { get; private set; } = new Dictionary<long, RecentAttendance>();

    /// <summary>Whether the login's role may ask for source ids (the database's grant decides, not the page).</summary>
    public bool MaySeeSourceIds { get; private set; }

    /// <summary>The source ids just asked for, shown once in the response to the POST that asked (never in a URL).</summary>
    public FlagSourceId? Shown { get; private set; }

    public IReadOnlyList<string> Facilities { get; private set; } = [];

    /// <summary>The counsellors of the flags the login may see: the counsellor filter's choices.</summary>
    public IReadOnlyList<string> Counsellors { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public string? Error { get; private set; }

    public string SignedIn { get; private set; } = "";

    public string EffectiveStatus => Statuses.Contains(Status ?? "") ? Status! : Active;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostReviewAsync(
        long flagId, string toStatus, string reviewerRole, string? action, string? note, CancellationToken cancellationToken)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        Error = toStatus switch
        {
            FlagStatus.Dismissed when note is null => "Dismissing a flag needs its reason.",
            FlagStatus.OutreachDone when note is null => "Outreach done needs its outcome.",
            _ => null,
        };
        if (Error is null)
        {
            try
            {
                var session = WebPages.SessionOf(HttpContext);
                await new FlagStore(session.DataSource).ReviewAsync(new FlagReview(flagId, toStatus, reviewerRole, null, action, note), time.GetUtcNow(), cancellationToken);
                await WebPages.ReadYourWritesAsync(session, cancellationToken);
                return RedirectToPage(null, new { Facility, Level, Counsellor, Status, Start, Reviewed = flagId });
            }
            catch (FlagReviewException ex)
            {
                // The same words whether the flag is another facility's or does not exist: row-level security hid it.
                Error = ex.Message.Replace(" (see 'outcomes flags list')", "", StringComparison.Ordinal);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        Reviewed = null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>
    /// Shows one flag's source patient and episode ids to a login whose role may see them. The database function returns
    /// them and writes the audit line (login, role, flag, purpose) in the same call; a role without the grant is refused
    /// by PostgreSQL, so the page cannot show an id the database did not give.
    /// </summary>
    public async Task<IActionResult> OnPostShowIdAsync(long flagId, string? purpose, CancellationToken cancellationToken)
    {
        Reviewed = null;
        if (purpose is null || !Purposes.Contains(purpose))
        {
            Error = "Showing a patient's id needs its purpose.";
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        else
        {
            try
            {
                Shown = await new FlagStore(WebPages.SessionOf(HttpContext).DataSource).SourceIdAsync(flagId, purpose, cancellationToken);
                if (Shown is null)
                {
                    // The same words whether the flag is another facility's or does not exist: row-level security hid it.
                    Error = $"flag: there is no flag {flagId}.";
                    Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                }
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                Error = "Your login may not see patients' source ids.";
                Response.StatusCode = StatusCodes.Status403Forbidden;
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public static string Words(string word) => word.Replace('_', ' ');

    /// <summary>The filters and the place of the page shown, for the forms that come back to it.</summary>
    public IDictionary<string, string> RouteValues => Route(
        ("facility", Facility), ("level", Level), ("counsellor", Counsellor), ("status", Status), ("start", Start?.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The route values that are set, for a form's <c>asp-all-route-data</c> (an unset one is left out of the address).</summary>
    public static IDictionary<string, string> Route(params (string Name, string? Value)[] values) =>
        values.Where(v => !string.IsNullOrEmpty(v.Value)).ToDictionary(v => v.Name, v => v.Value!, StringComparer.Ordinal);

    /// <summary>The address of the worklist from the flag at <paramref name="start"/> with the same filters.</summary>
    public string? PageLink(int start) =>
        Url.Page(null, new { facility = Facility, level = Level, counsellor = Counsellor, status = Status, start = start == 1 ? (int?)null : start });

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var session = WebPages.SessionOf(HttpContext);
        SignedIn = $"{session.Login} · {session.Facilities}";
        ViewData["Signed"] = SignedIn;
        Today = database.Today();
        var store = new FlagStore(session.Reads);
        IReadOnlyList<string> statuses = EffectiveStatus switch
        {
            Active => FlagStatus.Active,
            All => [],
            var one => [one],
        };
        Facilities = await store.FacilitiesAsync(cancellationToken);
        Counsellors = await store.CounsellorsAsync(cancellationToken);
        var facility = string.IsNullOrEmpty(Facility) ? null : Facility;
        var level = Levels.Contains(Level ?? "") ? Level : null;
        var counsellor = string.IsNullOrEmpty(Counsellor) ? null : Counsellor;
        Listing = await store.WorklistAsync(facility, level, counsellor, statuses, Math.Max(0, (Start ?? 1) - 1), PageSize, cancellationToken);
        if (Listing.Flags.Count == 0 && Listing.Total > 0)
        {
            // A start past the end (flags left the list since the link was made): the last page instead.
            Listing = await store.WorklistAsync(facility, level, counsellor, statuses, (Listing.Total - 1) / PageSize * PageSize, PageSize, cancellationToken);
        }

        // The review and show-id forms come back to the page shown.
        Start = Listing.Offset == 0 ? null : Listing.Offset + 1;

        var flagIds = Flags.Select(f => f.FlagId).ToList();
        History = (await store.HistoryAsync(flagIds, cancellationToken)).ToLookup(s => s.FlagId);
        Attendance = await RecentAttendance.OfFlagsAsync(session.Reads, flagIds, Today, cancellationToken);
        MaySeeSourceIds = await store.MaySeeSourceIdsAsync(cancellationToken);
    }
}
