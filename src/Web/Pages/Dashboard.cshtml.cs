using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Outcomes.Analytics.Runs;
using Outcomes.Web.Dashboard;
using Outcomes.Web.Hosting;

namespace Outcomes.Web.Pages;

/// <summary>
/// The director's dashboard: a month's key figures IOP vs PHP with their intervals and targets, the control charts per
/// facility × level, the trends, and the files the report jobs wrote for download, all for a population the login may
/// pick, read on the login's own connection from the stored runs the monthly workbook reads (<see cref="DashboardViews"/>).
/// </summary>
internal sealed class DashboardModel(DashboardViews views, ReportFiles files) : PageModel
{
    /// <summary>The month asked for (2026-10); none: the newest with a stored run.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    /// <summary>The population asked for: a facility id, or all-facilities; none: the first the login may pick.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Facility { get; set; }

    public DashboardChoice Choice { get; private set; } = null!;

    public DashboardView? View { get; private set; }

    public IReadOnlyList<ReportFile> Files { get; private set; } = [];

    /// <summary>Why the month cannot be shown (a run it reads is not stored), in words that name the command storing it.</summary>
    public string? Problem { get; private set; }

    public bool ReportsFolderConfigured => files.Configured;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var session = WebPages.SessionOf(HttpContext);
        ViewData["Signed"] = $"{session.Login} · {session.Facilities}";
        if (await views.ChooseAsync(session, Month, Facility, cancellationToken) is not { } choice)
        {
            // A month or population the login may not see, or that has no stored run: edited into the URL.
            return NotFound();
        }

        Choice = choice;
        Files = files.Of(choice.Facility);
        if (choice.Month is not null)
        {
            try
            {
                View = await views.ViewAsync(session, choice, cancellationToken);
            }
            catch (AnalysisRunNotStoredException ex)
            {
                Problem = ex.Message;
            }
        }

        return Page();
    }

    public static string PopulationName(string? facility) => facility is null ? "All facilities" : $"Facility {facility}";

    public static string PopulationWords(string? facility) => facility is null ? "all facilities" : $"facility {facility}";

    public string ChartUrl(string chart) => DashboardEndpoints.ChartUrl(Choice.Month!.Label, Choice.Facility, chart);
}
