using Outcomes.Analytics.Access;
using Outcomes.Analytics.Proportions;
using Xunit;

namespace Outcomes.Analytics.Tests.Access;

public sealed class AccessFiguresTests
{
    private static readonly DateOnly DataThrough = new(2026, 3, 31);

    private static DateOnly March(int day) => new(2026, 3, day);

    /// <summary>
    /// Data through 31 March, a 7-day window: a referral counts in the share when referred on or before 24 March.
    ///   R1 1 Mar, contact 3 Mar, admitted 6 Mar: waits 2, 3, 5; due, within 7 days
    ///   R2 2 Mar, contact 5 Mar, admitted 12 Mar: waits 3, 7, 10; due, not within
    ///   R3 3 Mar, contact 4 Mar, never admitted: wait 1; due, not within (kept in the denominator)
    ///   R4 10 Mar, no contact, never admitted: due, not within
    ///   R5 20 Mar, contact 21 Mar, admitted 27 Mar: waits 1, 6, 7; due, within (7 days exactly)
    ///   R6 28 Mar, contact 29 Mar, admitted 30 Mar: waits 1, 1, 2; too recent for the share
    ///   R7 2 Apr: after the data-through date, left out
    ///   R8 5 Mar, contact 6 Mar, admitted 5 Apr (after the data-through date, so not admitted yet): wait 1; due, not within
    /// </summary>
    private static List<Referral> Referrals() =>
    [
        new(March(1), March(3), March(6)),
        new(March(2), March(5), March(12)),
        new(March(3), March(4), null),
        new(March(10), null, null),
        new(March(20), March(21), March(27)),
        new(March(28), March(29), March(30)),
        new(new DateOnly(2026, 4, 2), new DateOnly(2026, 4, 3), null),
        new(March(5), March(6), new DateOnly(2026, 4, 5)),
    ];

    [Fact]
    public void Referrals_never_admitted_stay_in_the_denominator_of_the_share_admitted_within_7_days()
    {
        // Due: R1, R2, R3, R4, R5, R8 = 6; admitted within 7 days: R1, R5 = 2.
        var figures = AccessFigures.Of(Referrals(), DataThrough);

        Assert.Equal(new Proportion(2, 6), figures.AdmittedWithin);
        Assert.Equal(7, figures.WithinDays);
    }

    [Fact]
    public void The_waits_are_medians_over_the_referrals_that_reached_both_dates()
    {
        // Referral → first contact: R1 2, R2 3, R3 1, R5 1, R6 1, R8 1 → sorted 1 1 1 1 2 3: median 1; six values: [1, 3].
        // First contact → admission: R1 3, R2 7, R5 6, R6 1 → sorted 1 3 6 7: median 4.5, too few for an interval.
        // Referral → admission: R1 5, R2 10, R5 7, R6 2 → sorted 2 5 7 10: median 6.
        var figures = AccessFigures.Of(Referrals(), DataThrough);

        Assert.Equal(6, figures.ReferralToFirstContact.N);
        Assert.Equal(1, figures.ReferralToFirstContact.Median);
        Assert.Equal(1, figures.ReferralToFirstContact.Lower);
        Assert.Equal(3, figures.ReferralToFirstContact.Upper);
        Assert.Equal(4, figures.FirstContactToAdmission.N);
        Assert.Equal(4.5, figures.FirstContactToAdmission.Median);
        Assert.Null(figures.FirstContactToAdmission.Lower);
        Assert.Equal(6, figures.ReferralToAdmission.Median);
    }

    [Fact]
    public void An_admission_before_its_referral_is_a_broken_contract_not_a_negative_wait()
    {
        Assert.Throws<ArgumentException>(() => AccessFigures.Of([new Referral(March(10), null, March(9))], DataThrough));
    }
}
