namespace Outcomes.Ingest.PublicData.Ctn0094;

/// <summary>
/// A trial as imported: its project id, name, the calendar day given to study day 0, its programs (the arms with an episode)
/// in comparison order (the comparator first), the participants mapped, the episodes written (one per phase a participant entered)
/// the planned treatment weeks per phase its visit table shows (phase 0: labels naming no phase), and what its paper
/// published, when the release declares it.
/// </summary>
public sealed record Ctn0094Trial(
    string Project, string Name, DateOnly StudyDayZero, IReadOnlyList<string> Programs, int Participants, int Episodes,
    IReadOnlyDictionary<int, int> PlannedWeeks, string? Published);
