using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Web.Hosting;
using Outcomes.Web.Usefulness;

namespace Outcomes.Web.Pages;

/// <summary>
/// How useful the flags turned out, by month raised: precision of matured flags, time to review and outcomes after
/// outreach (<see cref="UsefulnessFigures"/>). Every query runs on the signed-in login's own connection, so row-level
/// security decides which facilities' flags are counted; the counts are exact (the quality team's page, not a release).
/// </summary>
internal sealed class UsefulnessModel(WebDatabase database, WebOptions options) : PageModel
{
    public const string Path = WebPages.UsefulnessPath;

    [BindProperty(SupportsGet = true)]
    public string? Facility { get; set; }

    public IReadOnlyList<string> Facilities { get; private set; } = [];

    public UsefulnessFigures Figures { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var session = WebPages.SessionOf(HttpContext);
        ViewData["Signed"] = $"{session.Login} · {session.Facilities}";
        var store = new FlagStore(session.Reads);
        Facilities = await store.FacilitiesAsync(cancellationToken);
        var facility = Facilities.Contains(Facility ?? "") ? Facility : null;
        Figures = await UsefulnessFigures.LoadAsync(store, facility, database.Today(), options.ReviewWithinDays, cancellationToken);
    }

    public static string Words(string word) => word.Replace('_', ' ');
}
