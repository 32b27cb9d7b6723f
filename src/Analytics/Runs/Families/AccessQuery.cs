using System.Globalization;
using Dapper;
using Npgsql;
using Outcomes.Analytics.Access;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Judgement;
using Outcomes.Analytics.Proportions;
using Outcomes.Analytics.Suppression;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// Access (issue 26, CARF 1.M efficiency and access): the referrals received in the period, per facility and the level of
/// care of the program they were for (<c>iop</c>, <c>php</c>, and <c>*</c> for every referral, including those for another
/// level or for no program yet). The waits referral → first contact → admission as medians with their distribution-free
/// intervals (<see cref="AccessFigures"/>, <see cref="MedianInterval"/>), and the share admitted within 7 days among every
/// referral whose 7 days have passed, admitted or never (<c>admitted_within_7_days</c>), with the IOP minus PHP difference.
/// A period without referrals stores none of these figures. Definitions: docs/metrics.md, "Access".
/// </summary>
internal sealed class AccessQuery(SmallCellPolicy policy)
{
    private const string Sql = """
        select r.facility_id as Facility, coalesce(p.level_of_care, '') as Level, r.referred_on as ReferredOn,
               r.first_contact_on as FirstContactOn, r.admitted_on as AdmittedOn
        from referral r
        left join program p on p.program_key = r.program_key
        where r.referred_on between @Start and @End and r.referred_on <= @Through
          and (@Facility::text is null or r.facility_id = @Facility)
        order by r.facility_id, r.referral_key
        """;

    public async Task<IReadOnlyList<Figure>> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(Sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        return Figures(rows, parameters);
    }

    private IReadOnlyList<Figure> Figures(IReadOnlyList<Row> rows, PeriodParameters parameters)
    {
        var figures = new List<Figure>();
        var cohort = string.Create(CultureInfo.InvariantCulture, $"referred {parameters.Start:yyyy-MM-dd} to {parameters.End:yyyy-MM-dd}, dates through {parameters.Through:yyyy-MM-dd}");
        var lastDue = parameters.Through.AddDays(-AccessFigures.DefaultWithinDays);
        var dueCohort = lastDue < parameters.Start
            ? string.Create(CultureInfo.InvariantCulture, $"nobody referred from {parameters.Start:yyyy-MM-dd} has had {AccessFigures.DefaultWithinDays} days by {parameters.Through:yyyy-MM-dd}")
            : string.Create(CultureInfo.InvariantCulture, $"referred {parameters.Start:yyyy-MM-dd} to {(lastDue < parameters.End ? lastDue : parameters.End):yyyy-MM-dd}, followed {AccessFigures.DefaultWithinDays} days, never admitted counted as not admitted");
        foreach (var facility in rows.Select(r => r.Facility).Distinct().Order(StringComparer.Ordinal).Prepend(Figure.All))
        {
            var inScope = rows.Where(r => facility == Figure.All || r.Facility == facility).ToList();
            var byLevel = new Dictionary<string, AccessFigures>(StringComparer.Ordinal);
            foreach (var level in new[] { OutcomeDefinitions.Iop, OutcomeDefinitions.Php, Figure.All })
            {
                var referrals = inScope.Where(r => level == Figure.All || r.Level == level)
                    .Select(r => new Referral(r.ReferredOn, r.FirstContactOn, r.AdmittedOn)).ToList();
                if (referrals.Count == 0)
                {
                    continue;
                }

                var access = AccessFigures.Of(referrals, parameters.Through);
                byLevel[level] = access;
                figures.Add(Median("days_referral_to_first_contact", facility, level, access.ReferralToFirstContact, cohort));
                figures.Add(Median("days_first_contact_to_admission", facility, level, access.FirstContactToAdmission, cohort));
                figures.Add(Median("days_referral_to_admission", facility, level, access.ReferralToAdmission, cohort));
                figures.Add(Share("admitted_within_7_days", facility, level, access.AdmittedWithin, dueCohort));
            }

            if (byLevel.TryGetValue(OutcomeDefinitions.Iop, out var iop) && byLevel.TryGetValue(OutcomeDefinitions.Php, out var php)
                && iop.AdmittedWithin.Denominator > 0 && php.AdmittedWithin.Denominator > 0)
            {
                var (difference, interval, p) = ProportionDifferenceTest.Compare(iop.AdmittedWithin, php.AdmittedWithin);
                figures.Add(new Figure("admitted_within_7_days", facility, Figure.IopMinusPhp, null, "",
                    (int)(iop.AdmittedWithin.Denominator + php.AdmittedWithin.Denominator), null, null, difference, interval.Lower, interval.Upper,
                    Small(iop.AdmittedWithin) || Small(php.AdmittedWithin), $"{dueCohort}; IOP minus PHP, crude; Newcombe hybrid score interval, score test",
                    double.IsNaN(p) ? null : p));
            }
        }

        return figures;
    }

    private Figure Median(string metric, string facility, string level, MedianEstimate median, string cohort) =>
        new(metric, facility, level, null, "", median.N, null, median.N, median.Median, median.Lower, median.Upper, policy.IsSmall(median.N),
            median.Lower is null
                ? $"{cohort}; median days among the referrals that reached both dates; too few for an interval"
                : string.Create(CultureInfo.InvariantCulture, $"{cohort}; median days among the referrals that reached both dates; distribution-free interval of order statistics, coverage {median.Coverage:0.000}"));

    private Figure Share(string metric, string facility, string level, Proportion share, string cohort)
    {
        var interval = share.Wilson();
        return new Figure(metric, facility, level, null, "", (int)share.Denominator, share.Numerator, share.Denominator,
            share.Denominator == 0 ? null : share.Estimate, share.Denominator == 0 ? null : interval.Lower, share.Denominator == 0 ? null : interval.Upper,
            Small(share), cohort);
    }

    private bool Small(Proportion p) =>
        policy.IsSmall(p.Numerator) || policy.IsSmall(p.Denominator - p.Numerator) || policy.IsSmall(p.Denominator);

    private sealed class Row
    {
        public string Facility { get; init; } = "";

        public string Level { get; init; } = "";

        public DateOnly ReferredOn { get; init; }

        public DateOnly? FirstContactOn { get; init; }

        public DateOnly? AdmittedOn { get; init; }
    }
}
