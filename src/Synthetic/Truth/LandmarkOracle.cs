using MathNet.Numerics.Distributions;
using Outcomes.Synthetic.Care;
using Outcomes.Synthetic.Clinical;
using static Outcomes.Synthetic.Clinical.ContractCodes;

namespace Outcomes.Synthetic.Truth;

/// <summary>
/// The true chance of an unplanned discharge within the horizon after a landmark day, given that the patient is still
/// in care that day and given what the record shows up to it (each session's status and each later drug screen's
/// result), computed from the planted law by Bayes' rule rather than by drawing anything:
/// <list type="bullet">
/// <item>the discharge reason: unplanned with the episode's planted chance (<see cref="DropoutModel"/>), then each
/// reason with its share of the level's mix;</item>
/// <item>the discharge day given the reason: the log-normal stay of <see cref="LevelProfile.StayByReason"/>, rounded to
/// whole days, capped at the level's longest stay and moved back to a program day, exactly as
/// <see cref="PathwaySimulator"/> sets it — a sum over every possible day;</item>
/// <item>the patient's usual presence: the clamped normal of <see cref="AttendanceRates"/> with its two point masses at
/// the bounds, integrated on a fine grid;</item>
/// <item>the record given all three: before an unplanned discharge presence, no-shows against calls ahead, and
/// positive and refused screens move with the planted decline (<see cref="EpisodeFacts.Decline"/>); otherwise they do
/// not depend on the discharge at all.</item>
/// </list>
/// It knows the episode's true covariates (including a co-occurring disorder recorded unknown, the family's involvement
/// and the intake screen). It does not condition on relapses the patient reports during care (no model feature reads
/// them), nor on the rare step-down the generator skips once the cohort's episode count is used up.
/// </summary>
internal sealed class LandmarkOracle
{
    /// <summary>Cells of the usual-presence grid between its bounds: the probabilities move by under 1e-4 from 200 to 1,600.</summary>
    public const int DefaultPresenceCells = 200;

    private readonly IReadOnlyList<int> _days;
    private readonly int _horizonDays;
    private readonly DateOnly _endDate;
    private readonly int _cells;
    private readonly Dictionary<(CareLevel Level, int PlannedDays, string Reason), double[]> _stays = [];
    private readonly Dictionary<(CareLevel Level, int Facility), ProgramCalendar> _calendars = [];
    private readonly Dictionary<(bool PositiveIntakeScreen, bool CoOccurringDisorder), PresenceGrid> _presence = [];

    /// <param name="landmarkDays">days after admission, as the model's landmark set names them</param>
    /// <param name="horizonDays">the model's horizon: an unplanned discharge within this many days after the landmark</param>
    /// <param name="endDate">the cohort's last day of data: no landmark after it, and the label's window is cut there</param>
    public LandmarkOracle(IReadOnlyList<int> landmarkDays, int horizonDays, DateOnly endDate, int presenceCells = DefaultPresenceCells)
    {
        _days = [.. landmarkDays.Distinct().Order()];
        _horizonDays = horizonDays;
        _endDate = endDate;
        _cells = presenceCells;
    }

    /// <summary>
    /// The episode's landmarks on or before the end date at which it is truly in care (PHP and IOP only, as the model
    /// takes them). <paramref name="observed"/> holds the episode's whole record as written.
    /// </summary>
    public IReadOnlyList<LandmarkRisk> Of(EpisodeFacts episode, ObservedActivity observed)
    {
        if (episode.Profile.Level == CareLevel.Op)
        {
            return [];
        }

        var admission = episode.Admission;
        var landmarks = _days.Where(d => admission.AddDays(d) <= _endDate && episode.PlantedDischarge > admission.AddDays(d)).ToList();
        if (landmarks.Count == 0)
        {
            return [];
        }

        var reasons = Reasons(episode);
        var grid = PresencePrior(episode.Covariates);
        var risks = new List<LandmarkRisk>(landmarks.Count);
        foreach (var day in landmarks)
        {
            risks.Add(At(episode, observed, reasons, grid, day));
        }

        return risks;
    }

    private LandmarkRisk At(EpisodeFacts episode, ObservedActivity observed, IReadOnlyList<ReasonPrior> reasons, PresenceGrid grid, int day)
    {
        var nodes = grid.Nodes;
        var snapshot = episode.Admission.AddDays(day);

        // Given no decline, the record weighs the usual presence by its sessions attended and missed alone.
        int present = 0, absent = 0;
        var recent = new List<(DateOnly Date, string Status)>();
        var recentFrom = snapshot.AddDays(-(AttendanceRates.DeclineDays - 2));
        foreach (var (date, status) in observed.Sessions)
        {
            if (date > snapshot)
            {
                break;
            }

            if (status == SessionStatus.CancelledByProgram)
            {
                continue;
            }

            if (Present(status))
            {
                present++;
            }
            else
            {
                absent++;
            }

            if (date >= recentFrom)
            {
                recent.Add((date, status));
            }
        }

        var weights = new double[nodes.Length];
        var top = double.NegativeInfinity;
        for (var k = 0; k < nodes.Length; k++)
        {
            weights[k] = grid.LogPrior[k] + present * grid.LogNode[k] + absent * grid.LogRest[k];
            top = Math.Max(top, weights[k]);
        }

        var total = 0.0;
        for (var k = 0; k < nodes.Length; k++)
        {
            weights[k] = Math.Exp(weights[k] - top);
            total += weights[k];
        }

        for (var k = 0; k < nodes.Length; k++)
        {
            weights[k] /= total;
        }

        var screens = observed.LaterScreens.Where(s => s.Date >= recentFrom && s.Date <= snapshot).ToList();
        var (positiveAtRest, refusedAtRest) = EpisodeActivity.LaterScreenChances(episode, 0);

        // The record's likelihood under an unplanned discharge on each of the next days, over its likelihood with no
        // decline (a discharge further off, or a planned one): only the last days' sessions and screens differ.
        var nearDays = AttendanceRates.DeclineDays - 1;
        var ratio = new double[nearDays + 1];
        var kept = new List<double>();
        for (var ahead = 1; ahead <= nearDays; ahead++)
        {
            if (!reasons.Any(r => r.Unplanned && day + ahead < r.Discharge.Length && r.Discharge[day + ahead] > 0))
            {
                continue;
            }

            var discharge = snapshot.AddDays(ahead);
            // A session attended weighs the decline alone; a session missed weighs it with the usual presence.
            var constant = 1.0;
            kept.Clear();
            foreach (var (date, status) in recent)
            {
                var decline = EpisodeFacts.DeclineBefore(discharge, date);
                var presence = 1 - AttendanceRates.DeclineAtDischarge * decline;
                if (Present(status))
                {
                    constant *= presence;
                }
                else if (decline > 0)
                {
                    constant *= AbsenceRatio(status, decline);
                    kept.Add(presence);
                }
            }

            foreach (var (date, result) in screens)
            {
                constant *= ScreenRatio(episode, result, EpisodeFacts.DeclineBefore(discharge, date), positiveAtRest, refusedAtRest);
            }

            var sum = 1.0;
            if (kept.Count > 0)
            {
                sum = 0;
                for (var k = 0; k < nodes.Length; k++)
                {
                    var u = nodes[k];
                    var product = weights[k];
                    foreach (var presence in kept)
                    {
                        product *= (1 - u * presence) / (1 - u);
                    }

                    sum += product;
                }
            }

            ratio[ahead] = constant * sum;
        }

        var cut = _endDate.DayNumber - snapshot.DayNumber < _horizonDays;
        var window = cut ? _endDate.DayNumber - snapshot.DayNumber : _horizonDays;
        double inCare = 0, dropout = 0, dropoutByEnd = 0, recordedByEnd = 0;
        foreach (var reason in reasons)
        {
            for (var offset = day + 1; offset < reason.Discharge.Length; offset++)
            {
                var share = reason.Discharge[offset];
                if (share == 0)
                {
                    continue;
                }

                var ahead = offset - day;
                var weight = reason.Weight * share * (reason.Unplanned && ahead <= nearDays ? ratio[ahead] : 1);
                inCare += weight;
                if (reason.Unplanned && ahead <= _horizonDays)
                {
                    dropout += weight;
                }

                if (cut && ahead <= window)
                {
                    dropoutByEnd += reason.Unplanned ? weight : 0;
                    recordedByEnd += weight * Recorded(episode, reason, episode.Admission.AddDays(offset));
                }
            }
        }

        return new LandmarkRisk(day, snapshot, dropout / inCare, cut ? dropoutByEnd / inCare : null, cut ? recordedByEnd / inCare : null);
    }

    private static bool Present(string status) => status == SessionStatus.Attended || status == SessionStatus.Late || status == SessionStatus.LeftEarly;

    /// <summary>How much likelier this kind of absence is at a point of the decline than with none.</summary>
    private static double AbsenceRatio(string status, double decline)
    {
        const double calledAhead = AttendanceRates.CancelledShareOfAbsent + AttendanceRates.ExcusedShareOfAbsent;
        return status == SessionStatus.NoShow ? (1 - calledAhead * (1 - decline)) / (1 - calledAhead) : 1 - decline;
    }

    private static double ScreenRatio(EpisodeFacts episode, string result, double decline, double positiveAtRest, double refusedAtRest)
    {
        if (result == ScreenResult.Dilute || result == ScreenResult.Invalid)
        {
            return 1;
        }

        var (positive, refused) = EpisodeActivity.LaterScreenChances(episode, decline);
        if (result == ScreenResult.Positive)
        {
            return positive / positiveAtRest;
        }

        if (result == ScreenResult.Refused)
        {
            return refused / refusedAtRest;
        }

        const double other = ScreeningRates.DiluteShare + ScreeningRates.InvalidShare;
        return (1 - positive - refused - other) / (1 - positiveAtRest - refusedAtRest - other);
    }

    /// <summary>Whether a discharge on this day is on record by the end date: a step-down not begun by then hides it.</summary>
    private double Recorded(EpisodeFacts episode, ReasonPrior reason, DateOnly discharge)
    {
        var profile = episode.Profile;
        if (reason.Reason != Reason.Transferred || profile.StepsDownTo is not { } to)
        {
            return 1;
        }

        var next = StepDownCalendar(to, episode.Covariates.Facility).After(discharge);
        return next > _endDate ? 1 - profile.StepDownShareOfTransfers : 1;
    }

    private ProgramCalendar StepDownCalendar(CareLevel level, int facility)
    {
        if (!_calendars.TryGetValue((level, facility), out var calendar))
        {
            calendar = new ProgramCalendar(LevelProfiles.For(level).ProgramDays(facility));
            _calendars[(level, facility)] = calendar;
        }

        return calendar;
    }

    /// <summary>Each discharge reason with its prior chance and the chance of each discharge day (days after admission).</summary>
    private List<ReasonPrior> Reasons(EpisodeFacts episode)
    {
        var profile = episode.Profile;
        var plannedDays = profile.PlannedWeeks(episode.Covariates.Facility) * 7;
        var reasons = new List<ReasonPrior>();
        foreach (var (choice, share, unplanned) in profile.UnplannedReasons.Values.Select(r => (r, episode.DropoutProbability * profile.UnplannedReasons.ShareOf(r), true))
                     .Concat(profile.PlannedReasons.Values.Select(r => (r, (1 - episode.DropoutProbability) * profile.PlannedReasons.ShareOf(r), false))))
        {
            if (share == 0)
            {
                continue;
            }

            var stays = Stays(profile, plannedDays, choice);
            var discharge = new double[stays.Length];
            for (var stay = 0; stay < stays.Length; stay++)
            {
                var day = episode.Calendar.OnOrBefore(episode.Admission.AddDays(stay));
                discharge[Math.Max(0, day.DayNumber - episode.Admission.DayNumber)] += stays[stay];
            }

            reasons.Add(new ReasonPrior(choice, share, unplanned, discharge));
        }

        return reasons;
    }

    /// <summary>
    /// The chance of each whole-day stay: the log-normal length rounded to the nearest day after capping at the longest
    /// stay, so a stay of s days is a length in [s − ½, s + ½), the first from 0 and the last to infinity.
    /// </summary>
    private double[] Stays(LevelProfile profile, int plannedDays, string reason)
    {
        if (_stays.TryGetValue((profile.Level, plannedDays, reason), out var cached))
        {
            return cached;
        }

        var shape = profile.StayByReason[reason];
        var median = shape.MedianFractionOfPlan * plannedDays;
        double Below(double length) => Normal.CDF(0, 1, Math.Log(length / median) / shape.Sigma);
        var stays = new double[profile.MaxStayDays + 1];
        for (var s = 0; s <= profile.MaxStayDays; s++)
        {
            var from = s == 0 ? 0 : Below(s - 0.5);
            var to = s == profile.MaxStayDays ? 1 : Below(s + 0.5);
            stays[s] = to - from;
        }

        _stays[(profile.Level, plannedDays, reason)] = stays;
        return stays;
    }

    /// <summary>
    /// The usual presence's prior on a grid: the normal around the mean less the episode's penalties, clamped to its
    /// bounds — a point mass at each bound, and the mass of each cell between them at the cell's middle. It depends on
    /// the intake screen and a co-occurring disorder alone, so each of the four grids is built once.
    /// </summary>
    private PresenceGrid PresencePrior(in DropoutCovariates x)
    {
        var key = (x.PositiveIntakeScreen, x.CoOccurringDisorder);
        if (_presence.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var mean = AttendanceRates.UsualPresenceMean
            - (x.PositiveIntakeScreen ? AttendanceRates.PositiveIntakePenalty : 0)
            - (x.CoOccurringDisorder ? AttendanceRates.CoOccurringPenalty : 0);
        double Below(double presence) => Normal.CDF(mean, AttendanceRates.UsualPresenceSpread, presence);
        const double low = AttendanceRates.UsualPresenceMin, high = AttendanceRates.UsualPresenceMax;
        var nodes = new double[_cells + 2];
        var prior = new double[_cells + 2];
        nodes[0] = low;
        prior[0] = Below(low);
        var width = (high - low) / _cells;
        for (var c = 0; c < _cells; c++)
        {
            nodes[c + 1] = low + (c + 0.5) * width;
            prior[c + 1] = Below(low + (c + 1) * width) - Below(low + c * width);
        }

        nodes[^1] = high;
        prior[^1] = 1 - Below(high);
        var grid = new PresenceGrid(
            nodes,
            [.. prior.Select(p => p > 0 ? Math.Log(p) : double.NegativeInfinity)],
            [.. nodes.Select(u => Math.Log(u))],
            [.. nodes.Select(u => Math.Log(1 - u))]);
        _presence[key] = grid;
        return grid;
    }

    /// <summary>The usual presence's grid: each node, the log of its prior mass, of itself and of its complement.</summary>
    private sealed record PresenceGrid(double[] Nodes, double[] LogPrior, double[] LogNode, double[] LogRest);

    private sealed record ReasonPrior(string Reason, double Weight, bool Unplanned, double[] Discharge);
}
