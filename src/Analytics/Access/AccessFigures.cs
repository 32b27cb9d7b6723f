using Outcomes.Analytics.Proportions;

namespace Outcomes.Analytics.Access;

/// <summary>
/// How long people wait to start: days from referral to first contact, first contact to admission and referral to
/// admission, each a median with its distribution-free interval over the referrals that reached both dates by the
/// data-through date; and <see cref="AdmittedWithin"/>, the referrals admitted within <see cref="WithinDays"/> days of
/// referral among every referral whose days have passed, admitted or not (a fixed-window referral cohort: a referral too
/// recent to have had its days is left out whatever became of it, one never admitted counts as not admitted).
/// </summary>
public sealed record AccessFigures(
    MedianEstimate ReferralToFirstContact,
    MedianEstimate FirstContactToAdmission,
    MedianEstimate ReferralToAdmission,
    Proportion AdmittedWithin,
    int WithinDays)
{
    /// <summary>The access window: admitted within a week of referral (the measure; no published standard).</summary>
    public const int DefaultWithinDays = 7;

    public static AccessFigures Of(IEnumerable<Referral> referrals, DateOnly dataThrough, int withinDays = DefaultWithinDays, double level = ConfidenceLevel.Default)
    {
        var toContact = new List<double>();
        var contactToAdmission = new List<double>();
        var toAdmission = new List<double>();
        long due = 0, admittedWithin = 0;
        var lastDue = dataThrough.AddDays(-withinDays);
        foreach (var r in referrals)
        {
            if (r.ReferredOn > dataThrough)
            {
                continue;
            }

            var contact = r.FirstContactOn is { } c && c <= dataThrough ? c : (DateOnly?)null;
            var admitted = r.AdmittedOn is { } a && a <= dataThrough ? a : (DateOnly?)null;
            if (contact < r.ReferredOn || admitted < r.ReferredOn || admitted < contact)
            {
                throw new ArgumentException("a referral's first contact and admission cannot precede it, nor the admission the first contact.", nameof(referrals));
            }

            if (contact is { } seen)
            {
                toContact.Add(seen.DayNumber - r.ReferredOn.DayNumber);
                if (admitted is { } both)
                {
                    contactToAdmission.Add(both.DayNumber - seen.DayNumber);
                }
            }

            if (admitted is { } day)
            {
                toAdmission.Add(day.DayNumber - r.ReferredOn.DayNumber);
            }

            if (r.ReferredOn <= lastDue)
            {
                due++;
                admittedWithin += admitted is { } on && on.DayNumber - r.ReferredOn.DayNumber <= withinDays ? 1 : 0;
            }
        }

        return new AccessFigures(MedianInterval.Of(toContact, level), MedianInterval.Of(contactToAdmission, level),
            MedianInterval.Of(toAdmission, level), new Proportion(admittedWithin, due), withinDays);
    }
}
