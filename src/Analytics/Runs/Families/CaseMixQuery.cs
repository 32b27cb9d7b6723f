using Dapper;
using Npgsql;
using Outcomes.Analytics.Adjustment;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Sensitivity;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// Admission characteristics of IOP and PHP episodes discharged in the period, for case-mix adjustment of the
/// IOP minus PHP differences (<see cref="CaseMixCharacteristics"/>: age, sex, a co-occurring disorder, opioid or
/// stimulant as primary substance, a criminal-justice referral, Medicaid, medication for addiction treatment, a positive
/// drug screen at intake within <see cref="OutcomeDefinitions.IntakeScreenDays"/> days of admission, and each unknown
/// as its own category).
/// </summary>
internal static class CaseMixQuery
{
    /// <summary>
    /// The characteristics but the intake screen, one bit each (<see cref="CaseMixCharacteristics.PatientFlags"/>),
    /// computed once per episode when the period's episodes are copied (<see cref="PeriodEpisodes.CopySql"/>); the
    /// intake screen's bits are added here.
    /// </summary>
    public const string Characteristics = CaseMixCharacteristics.PatientFlags;

    // Read from the period's episodes (PeriodEpisodes.CopySql). Episodes alike in facility, level, discharge reason
    // and every characteristic are counted together: a year's discharges come back as a seventh of the rows. Ordered: the weighting sums in floating point, so rows read in
    // another order would change the last digits of the adjusted figures. Same data, same figures.
    private const string Sql = $"""
        with intake_screen as (
            select d.episode_key, bool_or(d.result = 'positive') as positive
            from drug_screen d
            join pg_temp.period_episode x on x.episode_key = d.episode_key
            where d.result in ('positive', 'negative') and d.collected_on <= x.admitted_on + @IntakeDays
              and x.discharged_on between @Start and @End
            group by d.episode_key
        ), counted as materialized (
            select e.facility_id, e.level_of_care = 'iop' as iop, e.discharge_reason,
                   extract(year from e.admitted_on)::int - e.birth_year as age,
                   e.characteristics | {CaseMixCharacteristics.IntakeScreenFlags} as flags,
                   count(*)::int as n
            from pg_temp.period_episode e
            left join intake_screen i on i.episode_key = e.episode_key
            where e.discharged_on between @Start and @End and e.level_of_care in ('iop', 'php') and e.has_patient
            group by 1, 2, 3, 4, 5
        )
        select facility_id as Facility, iop as Iop, discharge_reason as Reason, age as Age, flags as Flags, n as N
        from counted
        order by 1, 2, 3, 4, 5
        """;

    public static async Task<IReadOnlyList<(string Facility, bool Iop, string Reason, double[] Covariates, int Count)>> LoadAsync(
        NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(Sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken));
        return [.. rows.Select(r => (r.Facility, r.Iop, r.Reason, CaseMixCharacteristics.Covariates(r.Age, r.Flags), r.N))];
    }

    /// <summary>Adjusted IOP minus PHP differences in completion and dropout, with balance, per facility and overall.</summary>
    public static IEnumerable<Figure> Figures(IReadOnlyList<(string Facility, bool Iop, string Reason, double[] Covariates, int Count)> episodes)
    {
        var scopes = episodes.Select(e => e.Facility).Distinct().Order(StringComparer.Ordinal).Prepend(Figure.All);
        foreach (var facility in scopes)
        {
            var inScope = episodes.Where(e => facility == Figure.All || e.Facility == facility).ToList();
            // An unknown too rare in a group to weight (or unknown for nobody) is left out of the model and the balance.
            var (columns, tooFewUnknown) = CaseMixCharacteristics.Informative([.. inScope.Select(e => new CaseMixUnit(e.Iop, false, e.Covariates, e.Count))]);
            var units = inScope.Select(e => new CaseMixUnit(e.Iop, false, [.. columns.Select(j => e.Covariates[j])], e.Count)).ToList();
            var n = inScope.Sum(e => e.Count);
            (string Metric, Func<string, bool> IsOutcome)[] metrics =
            [
                ("completion", r => r == "completed"),
                ("dropout", r => OutcomeDefinitions.UnplannedReasons.Contains(r)),
            ];

            // One propensity model per scope serves both outcomes.
            var results = InverseProbabilityWeighting.CompareEach(
                units, [.. metrics.Select(m => (IReadOnlyList<bool>)[.. inScope.Select(e => m.IsOutcome(e.Reason))])],
                [.. columns.Select(j => CaseMixCharacteristics.Names[j])]);
            for (var m = 0; m < metrics.Length; m++)
            {
                var (metric, result) = (metrics[m].Metric, results[m]);
                yield return new Figure($"{metric}_adjusted", facility, Figure.IopMinusPhp, null, "", n, null, null,
                    result.AdjustedDifference, result.AdjustedInterval?.Lower, result.AdjustedInterval?.Upper, false,
                    result.Comparable
                        ? $"IOP minus PHP by stay (a step-down ends the PHP stay as a transfer; courses of care: course_dropout_adjusted), adjusted by inverse probability weighting; effective sizes {result.EffectiveSizeFirst:F0} and {result.EffectiveSizeSecond:F0}; {result.TruncatedShare:P1} of weights truncated, largest {result.LargestWeight:F1}{CaseMixCharacteristics.TooFewUnknownNote(tooFewUnknown)}"
                        : $"not comparable: {result.NotComparableReason}", result.AdjustedPValue);
                if (result is { Comparable: true, AdjustedDifference: { } difference, AdjustedInterval: { } interval })
                {
                    var evalue = EValue.ForRiskDifference(difference, interval, result.AdjustedRateSecond);
                    yield return new Figure($"{metric}_adjusted_evalue", facility, Figure.IopMinusPhp, null, "", n, null, null,
                        evalue.ForEstimate, evalue.ForInterval, null, false,
                        "E-value (VanderWeele & Ding 2017) of the adjusted difference, as a risk ratio on the weighted PHP rate; lower bound: that of the interval's limit nearer no difference (1 when the interval includes it)");
                }

                if (metric == "completion")
                {
                    foreach (var balance in result.Balance)
                    {
                        yield return new Figure("standardised_difference", facility, Figure.IopMinusPhp, null, balance.Covariate, n,
                            null, null, balance.Before, null, null, false, "before weighting");
                        yield return new Figure("standardised_difference_weighted", facility, Figure.IopMinusPhp, null, balance.Covariate, n,
                            null, null, balance.After, null, null, false, "after weighting");
                    }
                }
            }
        }
    }

    private sealed record Row(string Facility, bool Iop, string Reason, int Age, int Flags, int N);
}
