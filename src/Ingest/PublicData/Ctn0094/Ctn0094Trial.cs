namespace Outcomes.Ingest.PublicData.Ctn0094;

/// <summary>
/// A trial as imported: its project id, name, the calendar day given to study day 0, its programs (the arms with an
/// episode; a later phase's are programs of their own, <c>-P2</c>) per phase in comparison order (the comparator first), the participants mapped, the episodes written (one per phase a participant entered)
/// the planned treatment weeks per phase its visit table shows (phase 0: labels naming no phase), and what its paper
/// published, when the release declares it.
/// </summary>
public sealed record Ctn0094Trial(
    string Project, string Name, DateOnly StudyDayZero, IReadOnlyList<IReadOnlyList<string>> ProgramsByPhase, int Participants, int Episodes,
    IReadOnlyDictionary<int, int> PlannedWeeks, string? Published)
{
    /// <summary>Every program of the trial, phase by phase.</summary>
    public IReadOnlyList<string> Programs => [.. ProgramsByPhase.SelectMany(p => p)];

    /// <summary>The arms compared: in each phase, its first program (the comparator) with each other.</summary>
    public IEnumerable<(string Comparator, string Arm)> Comparisons =>
        ProgramsByPhase.SelectMany(phase => phase.Skip(1).Select(arm => (phase[0], arm)));
}
