using System.Globalization;
using Outcomes.Analytics.Definitions;
using Outcomes.Ingest.Ledger;

namespace Outcomes.Analytics.Runs;

/// <summary>
/// Marks the figures a facility's missing data would bias: a figure counted from sessions, drug screens or family
/// contacts, of a facility whose data of that source do not reach the last day the period's figures count (the
/// period's end, or the data-through date when earlier), within the source's grace (<see cref="DataSources.GraceDays"/>),
/// gets the note "drug screens through 2026-05-12" ("no drug screens loaded" when the facility has none); the figure of
/// all facilities together names each such facility ("drug screens of FAC02 through 2026-05-12"). The figures are kept
/// as counted: the note tells the reader that the missing rows read as nothing having happened (no positive screen,
/// no family involvement, no session attended). A facility none of whose episode loads the login can see in the ledger
/// is not marked. docs/metrics.md, "Data through, by facility and source".
/// </summary>
internal static class SourceNotes
{
    /// <summary>The sources each metric is counted from (metrics not listed read none of the three).</summary>
    private static readonly Dictionary<string, string[]> SourcesOf = new(StringComparer.Ordinal)
    {
        ["asam_weeks_met"] = [DataSources.Sessions],
        ["asam_weeks_scheduled"] = [DataSources.Sessions],
        ["asam_weeks_attended"] = [DataSources.Sessions],
        ["attended_minutes_share"] = [DataSources.Sessions],
        ["no_show"] = [DataSources.Sessions],
        ["missing_discharge"] = [DataSources.Sessions],
        ["completed_or_stepped_down_engaged"] = [DataSources.Sessions],
        ["family_involvement"] = [DataSources.Sessions, DataSources.FamilyContacts],
        ["completion_by_family_involvement"] = [DataSources.Sessions, DataSources.FamilyContacts],
        ["positive_screen_per_screen"] = [DataSources.DrugScreens],
        ["positive_screen_per_patient"] = [DataSources.DrugScreens],
        ["positive_screen_per_week_tested"] = [DataSources.DrugScreens],
        ["free_of_positive_screen"] = [DataSources.DrugScreens],
    };

    /// <summary>The metrics counted from <paramref name="source"/>.</summary>
    public static IEnumerable<string> MetricsOf(string source) => SourcesOf.Where(m => m.Value.Contains(source)).Select(m => m.Key);

    /// <summary>
    /// The figures with a note added where a facility's source stops short of <paramref name="lastDay"/>; facilities
    /// are those with figures of their own in the run.
    /// </summary>
    public static IReadOnlyList<Figure> Mark(IReadOnlyList<Figure> figures, IReadOnlyList<FacilitySourceThrough> table, DateOnly lastDay)
    {
        var through = table.ToDictionary(r => (r.FacilityId, r.Source), r => r.Through);
        // A facility with figures has episodes; when the ledger shows none of its episode loads, the ledger is not
        // visible to this login (a facility-limited login sees its own loads only) and says nothing of its sources.
        var facilities = figures.Select(f => f.FacilityId).Where(f => f != Figure.All && through.GetValueOrDefault((f, "episodes")) is not null)
            .ToHashSet(StringComparer.Ordinal);
        var shortOf = facilities.Order(StringComparer.Ordinal)
            .SelectMany(facility => SourcesOf.Values.SelectMany(s => s).Distinct()
                .Select(source => (Facility: facility, Source: source, Through: through.GetValueOrDefault((facility, source)))))
            .Where(x => !DataSources.Covers(x.Source, x.Through, lastDay))
            .ToList();
        if (shortOf.Count == 0)
        {
            return figures;
        }

        return [.. figures.Select(figure =>
        {
            if (!SourcesOf.TryGetValue(figure.Metric, out var sources))
            {
                return figure;
            }

            var notes = shortOf.Where(x => sources.Contains(x.Source) && (figure.FacilityId == Figure.All || x.Facility == figure.FacilityId))
                .Select(x => figure.FacilityId == Figure.All
                    ? Pooled(x.Source, x.Facility, x.Through)
                    : DataSources.ThroughNote(x.Source, x.Through))
                .ToList();
            return notes.Count == 0 ? figure : figure with
            {
                Note = string.Join("; ", figure.Note is { Length: > 0 } note ? [note, .. notes] : notes),
            };
        })];
    }

    private static string Pooled(string source, string facility, DateOnly? through) => through is { } last
        ? string.Create(CultureInfo.InvariantCulture, $"{DataSources.Noun(source)} of {facility} through {last:yyyy-MM-dd}")
        : $"no {DataSources.Noun(source)} of {facility} loaded";
}
