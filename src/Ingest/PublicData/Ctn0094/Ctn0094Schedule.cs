namespace Outcomes.Ingest.PublicData.Ctn0094;

/// <summary>
/// Each trial's weekly schedule as its own visit table shows it: per trial and phase (or for labels naming no phase),
/// the weekly labels present form a run of consecutive weeks from the first (CTN-0027 and CTN-0051: WK0 … WK24), and
/// the run's last week is the planned treatment length; weekly labels after a gap in the run (CTN-0027's WK28, WK32)
/// are follow-ups. Nothing here is keyed on a trial.
/// </summary>
internal sealed class Ctn0094Schedule
{
    private readonly Dictionary<(string Trial, int Phase), int> _plannedWeeks;

    private Ctn0094Schedule(Dictionary<(string Trial, int Phase), int> plannedWeeks) => _plannedWeeks = plannedWeeks;

    /// <summary>The schedule of the weekly labels seen per trial (phase 0: labels naming no phase).</summary>
    public static Ctn0094Schedule From(IEnumerable<(string Trial, Ctn0094VisitLabel Label)> labels)
    {
        var planned = new Dictionary<(string, int), int>();
        foreach (var group in labels.Where(l => l.Label is { Kind: Ctn0094VisitKind.Week, Week: not null })
                     .GroupBy(l => (l.Trial, l.Label.Phase ?? 0), l => l.Label.Week!.Value))
        {
            var weeks = group.ToHashSet();
            var last = weeks.Min();
            while (weeks.Contains(last + 1))
            {
                last++;
            }

            planned[group.Key] = last;
        }

        return new Ctn0094Schedule(planned);
    }

    /// <summary>The planned treatment weeks of a trial's phase: its own phase labels' run, else the run of labels naming no phase.</summary>
    public int? PlannedWeeks(string trial, int phase) =>
        _plannedWeeks.TryGetValue((trial, phase), out var weeks) ? weeks
        : _plannedWeeks.TryGetValue((trial, 0), out var unphased) ? unphased
        : null;

    /// <summary>A weekly label within the treatment schedule (else a follow-up after it).</summary>
    public bool IsTreatmentWeek(string trial, Ctn0094VisitLabel label) =>
        label.Week is { } week && PlannedWeeks(trial, label.Phase ?? 0) is { } planned && week <= planned;

    /// <summary>The (trial, phase, weeks) runs found, for reports and tests.</summary>
    public IEnumerable<(string Trial, int Phase, int Weeks)> Runs => _plannedWeeks.Select(kv => (kv.Key.Trial, kv.Key.Phase, kv.Value));
}
