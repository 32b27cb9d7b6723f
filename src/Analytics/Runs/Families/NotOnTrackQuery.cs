using System.Globalization;
using Npgsql;
using Outcomes.Analytics.Measurement.Tracking;
using Outcomes.Analytics.Proportions;
using Outcomes.Analytics.Suppression;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// The not-on-track count of the period's last day (the data-through date when it comes first): per facility (and all),
/// level and instrument, the patients in care with an intake and a later score whose latest score lies beyond the
/// expected-recovery band (<see cref="NotOnTrack"/>), as <c>not_on_track</c> with its Wilson interval; the note names the
/// curve, or why there is none (then no count). The list itself: <c>outcomes flags not-on-track</c>.
/// </summary>
internal sealed class NotOnTrackQuery(SmallCellPolicy policy)
{
    public async Task<IReadOnlyList<Figure>> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        var day = parameters.End < parameters.Through ? parameters.End : parameters.Through;
        var list = await NotOnTrack.ListAsync(connection, parameters.Facility, day, cancellationToken);
        var figures = new List<Figure>();
        foreach (var fitted in list.Curves)
        {
            var assessed = list.Assessed.Where(a => a.Level == fitted.Level && a.Instrument == fitted.Instrument).ToList();
            var scopes = assessed.Select(a => a.FacilityId).Distinct().Order(StringComparer.Ordinal).Prepend(Figure.All);
            foreach (var facility in scopes)
            {
                var patients = assessed.Where(a => facility == Figure.All || a.FacilityId == facility).Sum(a => a.Patients);
                var curveNote = fitted.Curve is { } curve
                    ? string.Create(CultureInfo.InvariantCulture,
                        $"in care on {day:yyyy-MM-dd}; curve from {curve.Episodes} completed episodes of the {NotOnTrack.CurveMonths} months to then ({curve.Scores} scores): intake {curve.Slope:+0.00;-0.00}·ln(weeks + 1), band {curve.LowerResidual:+0.0;-0.0} to {curve.UpperResidual:+0.0;-0.0} points")
                    : $"in care on {day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}; no curve: {fitted.Reason}";
                if (fitted.Curve is null)
                {
                    figures.Add(new Figure("not_on_track", facility, fitted.Level, null, fitted.Instrument, patients, null, patients, null, null, null,
                        policy.IsSmall(patients), curveNote));
                    continue;
                }

                var count = list.Patients.Count(p => p.Level == fitted.Level && p.Instrument == fitted.Instrument && (facility == Figure.All || p.FacilityId == facility));
                var share = new Proportion(count, patients);
                var interval = share.Wilson();
                figures.Add(new Figure("not_on_track", facility, fitted.Level, null, fitted.Instrument, patients, count, patients,
                    patients == 0 ? null : share.Estimate, patients == 0 ? null : interval.Lower, patients == 0 ? null : interval.Upper,
                    policy.IsSmall(count) || policy.IsSmall(patients - count) || policy.IsSmall(patients), curveNote));
            }
        }

        return figures;
    }
}
