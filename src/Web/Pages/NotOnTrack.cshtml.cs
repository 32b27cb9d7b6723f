using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Analytics.Measurement.Tracking;
using Outcomes.Analytics.Runs;
using Outcomes.Web.Hosting;
using Outcomes.Web.Recovery;

namespace Outcomes.Web.Pages;

/// <summary>
/// The worklist's second list (issue 26), beside the dropout-risk flags: the patients in care whose latest PHQ-9, GAD-7 or
/// PCL-5 score lies beyond the expected-recovery band of their instrument and level of care (<see cref="Analytics.Measurement.Tracking.NotOnTrack"/>,
/// the list <c>outcomes flags not-on-track</c> prints, on the data-through day), farthest beyond the band first, each with
/// its curve drawn and its change so far. Read on the signed-in login's own connection, so row-level security limits a
/// facility-limited login to its facilities' patients and fits the curves on their episodes only. Episodes by their number
/// in Outcomes; a patient's source ids only through the audited "show id" of the episode's open dropout flag.
/// </summary>
internal sealed class NotOnTrackModel(WebOptions options) : PageModel
{
    public const string Path = "/worklist/not-on-track";

    [BindProperty(SupportsGet = true)]
    public string? Facility { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Level { get; set; }

    /// <summary>The place in the list's order (from 1) of the first patient shown, as on the worklist.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Start { get; set; }

    public NotOnTrackList? List { get; private set; }

    /// <summary>Every listed patient of the filters, farthest beyond the band first.</summary>
    public IReadOnlyList<OffTrackRow> All { get; private set; } = [];

    /// <summary>The page of <see cref="All"/> shown.</summary>
    public IReadOnlyList<OffTrackRow> Rows { get; private set; } = [];

    public int Offset { get; private set; }

    public int PageSize => options.WorklistPageSize;

    public IReadOnlyList<string> Facilities { get; private set; } = [];

    public DateOnly? Day { get; private set; }

    public bool MaySeeSourceIds { get; private set; }

    public FlagSourceId? Shown { get; private set; }

    public string? Error { get; private set; }

    public IDictionary<string, string> RouteValues => WorklistModel.Route(
        ("facility", Facility), ("level", Level), ("start", Start?.ToString(CultureInfo.InvariantCulture)));

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>The worklist's audited "show id", for the open dropout flag of a listed patient's episode.</summary>
    public async Task<IActionResult> OnPostShowIdAsync(long flagId, string? purpose, CancellationToken cancellationToken)
    {
        if (purpose is null || !WorklistModel.Purposes.Contains(purpose))
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

    /// <summary>The address of the list from the patient at <paramref name="start"/> with the same filters.</summary>
    public string? PageLink(int start) =>
        Url.Page(null, new { facility = Facility, level = Level, start = start == 1 ? (int?)null : start });

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        const string FacilitiesSql = "select facility_id from facility order by 1";
        var session = WebPages.SessionOf(HttpContext);
        ViewData["Signed"] = $"{session.Login} · {session.Facilities}";
        var facility = string.IsNullOrEmpty(Facility) ? null : Facility;
        var level = WorklistModel.Levels.Contains(Level ?? "") ? Level : null;
        await using (var connection = await session.DataSource.OpenConnectionAsync(cancellationToken))
        {
            Facilities = [.. await connection.QueryAsync<string>(new CommandDefinition(FacilitiesSql, cancellationToken: cancellationToken))];
            Day = await DataThrough.LatestAsync(connection, cancellationToken);
            if (Day is { } day)
            {
                List = await NotOnTrack.ListAsync(connection, facility, day, cancellationToken);
            }
        }

        if (List is null)
        {
            return;
        }

        var curves = List.Curves.Where(c => c.Curve is not null).ToDictionary(c => (c.Level, c.Instrument), c => c.Curve!);
        All = [.. List.Patients.Where(p => level is null || p.Level == level)
            .Select(p => new OffTrackRow(p, curves[(p.Level, p.Instrument)], List.Criteria.GetValueOrDefault(p.Instrument), null))
            .OrderByDescending(r => r.BeyondInBands).ThenBy(r => r.Patient.EpisodeKey).ThenBy(r => r.Patient.Instrument, StringComparer.Ordinal)];
        // A start past the end (patients left the list since the link was made): the last page instead.
        Offset = All.Count == 0 ? 0 : Math.Min(Math.Max(0, (Start ?? 1) - 1), (All.Count - 1) / PageSize * PageSize);
        Start = Offset == 0 ? null : Offset + 1;
        var page = All.Skip(Offset).Take(PageSize).ToList();
        var store = new FlagStore(session.DataSource);
        var flags = await store.ActiveFlagsOfEpisodesAsync([.. page.Select(r => r.Patient.EpisodeKey).Distinct()], cancellationToken);
        Rows = [.. page.Select(r => r with { FlagId = flags.TryGetValue(r.Patient.EpisodeKey, out var flag) ? flag : null })];
        MaySeeSourceIds = await store.MaySeeSourceIdsAsync(cancellationToken);
    }
}
