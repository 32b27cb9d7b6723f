namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// What flagging every test snapshot at or above a risk threshold would do (TRIPOD+AI item 23; Steyerberg 2019, ch. 15):
/// sensitivity, specificity, precision, negative predictive value, and the flagged snapshots a week of the test period —
/// the workload a threshold would bring, so a team can choose its risk floor from the table.
/// </summary>
public static class ThresholdTable
{
    /// <summary>The thresholds the card shows besides the risk floor in use.</summary>
    public static readonly IReadOnlyList<double> Thresholds = [0.05, 0.10, 0.15, 0.20, 0.30, 0.40, 0.50];

    /// <param name="risks">Predicted risk of each test snapshot.</param>
    /// <param name="outcomes">Whether each was followed by an unplanned discharge within the horizon.</param>
    /// <param name="snapshotDates">The day of each snapshot: the test period runs from the first to the last.</param>
    /// <param name="thresholds">Risks from which a snapshot is flagged, in the order wanted.</param>
    public static IReadOnlyList<ThresholdRow> Of(
        IReadOnlyList<double> risks, IReadOnlyList<bool> outcomes, IReadOnlyList<DateOnly> snapshotDates, IEnumerable<double> thresholds)
    {
        var weeks = Weeks(snapshotDates);
        var rows = new List<ThresholdRow>();
        foreach (var threshold in thresholds)
        {
            int tp = 0, fp = 0, fn = 0, tn = 0;
            for (var i = 0; i < risks.Count; i++)
            {
                if (risks[i] >= threshold)
                {
                    if (outcomes[i])
                    {
                        tp++;
                    }
                    else
                    {
                        fp++;
                    }
                }
                else if (outcomes[i])
                {
                    fn++;
                }
                else
                {
                    tn++;
                }
            }

            rows.Add(new ThresholdRow(threshold, tp, fp, fn, tn, weeks == 0 ? double.NaN : (tp + fp) / weeks));
        }

        return rows;
    }

    /// <summary>Weeks from the first snapshot day to the last, both counted.</summary>
    public static double Weeks(IReadOnlyList<DateOnly> snapshotDates) =>
        snapshotDates.Count == 0 ? 0 : (snapshotDates.Max().DayNumber - snapshotDates.Min().DayNumber + 1) / 7.0;
}
