using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Web.Hosting;
using Outcomes.Web.SignIn;

namespace Outcomes.Web.Pages;

/// <summary>
/// The quality team's worklist: the flags the login sees (row-level security on its own connection decides which),
/// highest risk first, with reasons in plain words, the suggested action and days in care; filters by facility, level
/// and status; review steps through <see cref="FlagStore.ReviewAsync"/>, recorded in the audit trail under the login.
/// </summary>
internal sealed class WorklistModel(WebDatabase database, TimeProvider time) : PageModel
{
    public const string Active = "active";
    public const string All = "all";

    /// <summary>The levels of care the model scores (docs/model.md).</summary>
    public static readonly IReadOnlyList<string> Levels = ["iop", "php"];

    public static readonly IReadOnlyList<string> Statuses = [Active, .. FlagStatus.All, All];

    [BindProperty(SupportsGet = true)]
    public string? Facility { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Level { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    /// <summary>The flag just reviewed (after the redirect of a review), to say so at the top.</summary>
    [BindProperty(SupportsGet = true)]
    public long? Reviewed { get; set; }

    public IReadOnlyList<FlagSummary> Flags { get; private set; } = [];

    public IReadOnlyList<string> Facilities { get; private set; } = [];

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
                var store = new FlagStore(WebPages.SessionOf(HttpContext).DataSource);
                await store.ReviewAsync(new FlagReview(flagId, toStatus, reviewerRole, null, action, note), time.GetUtcNow(), cancellationToken);
                return RedirectToPage(null, new { Facility, Level, Status, Reviewed = flagId });
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

    public static string Words(string word) => word.Replace('_', ' ');

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var session = WebPages.SessionOf(HttpContext);
        SignedIn = $"{session.Login} · {session.Facilities}";
        ViewData["Signed"] = SignedIn;
        Today = database.Today();
        var store = new FlagStore(session.DataSource);
        IReadOnlyList<string> statuses = EffectiveStatus switch
        {
            Active => FlagStatus.Active,
            All => [],
            var one => [one],
        };
        Facilities = await store.FacilitiesAsync(cancellationToken);
        Flags = await store.WorklistAsync(
            string.IsNullOrEmpty(Facility) ? null : Facility, Levels.Contains(Level ?? "") ? Level : null, statuses, cancellationToken);
    }
}
