using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Tables;

namespace Outcomes.Reports.Annual;

/// <summary>
/// The published rows of one stored run for one population, for a fixed list of metrics: each metric's block built by
/// <see cref="FigureTableBuilder"/> (for release: suppressed with its totals, linked across blocks by <see cref="LinkedCounts"/>; for internal use: exact, small counts marked)
/// until no block hides anything new. The annual review takes every figure it shows of a run from here, built once
/// with the same metrics, so a count hidden in one part of the review is hidden in every other part too.
/// </summary>
internal sealed class RunFigureRows
{
    private readonly Dictionary<(string Metric, string Grouping, string Level), TableRow> _rows = [];

    public RunFigureRows(AnalysisRun run, string? facility, IReadOnlyList<string> metrics, DisclosurePolicy disclosure)
    {
        Run = run;
        var linked = new LinkedCounts();
        for (var pass = 0; pass < 20; pass++)
        {
            linked.Changed = false;
            _rows.Clear();
            foreach (var metric in metrics.Distinct(StringComparer.Ordinal))
            {
                var builder = new FigureTableBuilder(run, disclosure, linked, facility);
                var label = metric;
                _ = metric switch
                {
                    "retention" or "free_of_positive_screen" => builder.Survival(metric, label),
                    "length_of_stay_days" or "retention_median_days" or "days_referral_to_first_contact" or "days_first_contact_to_admission"
                        or "days_referral_to_admission" => builder.Days(metric, label),
                    "score_change" or "satisfaction_mean" => builder.Means(metric, label),
                    "attended_minutes_share" => builder.Ratio(metric, label),
                    _ => builder.Rates(metric, label),
                };
                foreach (var row in builder.Rows)
                {
                    _rows[(metric, row.Cells[1].Text ?? "", row.Cells[2].Text ?? "")] = row;
                }
            }

            if (!linked.Changed)
            {
                return;
            }
        }

        throw new InvalidOperationException("Suppression across linked tables did not settle.");
    }

    public AnalysisRun Run { get; }

    /// <summary>
    /// The published row of a figure (columns of <see cref="FigureTableBuilder.Columns"/>: denominator or n at 3,
    /// numerator at 4, estimate at 5, interval at 6 and 7), or null when the run has no such figure.
    /// </summary>
    public TableRow? Find(string metric, string grouping, string level) =>
        _rows.GetValueOrDefault((metric, grouping, LevelNames.Label(level)));
}
