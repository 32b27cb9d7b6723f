namespace Outcomes.Analytics.DropoutRisk.Features;

/// <summary>
/// The one declared rule for outcome windows the data-through date cuts, used wherever a snapshot is labelled —
/// training, evaluation, recalibration and promotion all read labels from <see cref="SnapshotQuery"/>, which labels
/// with <see cref="LabelSql"/> — and for drift checks that must compare rows built the same way (<see cref="Labelled"/>):
/// a snapshot is labelled only when its whole horizon (snapshot day + horizon) lies on or before the data-through
/// date; a window the date cuts is left out, even when the patient happens to have been discharged inside it.
/// Keeping those discharged early in a cut window and not the rest kept every early dropout and only some of
/// the patients still in care, and so raised the event rate of the latest rows (44 % against 21 % for complete windows).
/// </summary>
public static class CensoringRule
{
    /// <summary>The rule in words, as the model record and card name it.</summary>
    public const string Name = "windows the data-through date cuts are left out";

    /// <summary>
    /// The label as SQL over a row with <c>snapshot_date</c>, <c>discharged_on</c> and <c>discharge_reason</c>, with
    /// the parameters <c>@Horizon</c> (days), <c>@Through</c> (the data-through date) and <c>@Unplanned</c> (the
    /// unplanned discharge reasons): true or false for a complete window, null for a window the date cuts.
    /// </summary>
    public const string LabelSql = """
        case when s.snapshot_date + @Horizon <= @Through
             then coalesce(s.discharged_on <= s.snapshot_date + @Horizon and s.discharge_reason = any(@Unplanned), false)
        end
        """;

    /// <summary>Whether the window of a snapshot on <paramref name="snapshotDate"/> is complete by <paramref name="dataThrough"/>.</summary>
    public static bool WindowComplete(DateOnly snapshotDate, int horizonDays, DateOnly dataThrough) =>
        snapshotDate.AddDays(horizonDays) <= dataThrough;

    /// <summary>
    /// The label <see cref="LabelSql"/> gives: an unplanned discharge within the horizon when the window is complete,
    /// null when the data-through date cuts it.
    /// </summary>
    public static bool? Label(DateOnly snapshotDate, DateOnly? dischargedOn, bool unplanned, int horizonDays, DateOnly dataThrough) =>
        WindowComplete(snapshotDate, horizonDays, dataThrough)
            ? dischargedOn is { } day && day <= snapshotDate.AddDays(horizonDays) && unplanned
            : null;

    /// <summary>A snapshot the rule keeps: labelled by <see cref="SnapshotQuery"/>, its window complete.</summary>
    public static bool Labelled(SnapshotFeatures snapshot) => snapshot.DroppedOutWithinHorizon is not null;
}
