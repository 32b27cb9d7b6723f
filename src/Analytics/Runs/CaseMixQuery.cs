using Dapper;
using Npgsql;
using Outcomes.Analytics.Adjustment;
using Outcomes.Analytics.Definitions;

namespace Outcomes.Analytics.Runs;

/// <summary>
/// Admission characteristics of IOP and PHP episodes discharged in the period, for case-mix adjustment of the
/// IOP minus PHP differences. The characteristics are the ones PHP patients differ on at admission (severity
/// proxies available in the data contract): age, sex, a co-occurring disorder, opioid or stimulant as primary
/// substance, a criminal-justice referral, Medicaid, medication for addiction treatment, and a positive drug
/// screen at intake (recent use; within <see cref="OutcomeDefinitions.IntakeScreenDays"/> days of admission).
/// </summary>
internal static class CaseMixQuery
{
    public static readonly IReadOnlyList<string> Covariates =
    [
        "age at admission (decades)", "female", "co-occurring disorder", "opioid primary substance",
        "stimulant primary substance", "criminal-justice referral", "Medicaid", "medication for addiction treatment",
        "positive screen at intake",
    ];

    // Ordered: the weighting sums in floating point, so rows read in another physical order (a restored backup, a
    // table rewritten by VACUUM FULL) would change the last digits of the adjusted figures. Same data, same figures.
    private const string Sql = """
        select e.facility_id as Facility, p.level_of_care = 'iop' as Iop, e.discharge_reason as Reason,
               (extract(year from e.admitted_on) - pt.birth_year) / 10.0 as AgeDecades,
               (pt.sex = 'female')::int as Female,
               coalesce(pt.co_occurring_disorder, false)::int as CoOccurring,
               (pt.primary_substance in ('heroin', 'fentanyl', 'other_opioids'))::int as Opioid,
               (pt.primary_substance in ('cocaine', 'methamphetamine', 'other_stimulants'))::int as Stimulant,
               (pt.referral_source = 'criminal_justice')::int as CriminalJustice,
               (pt.payer = 'medicaid')::int as Medicaid,
               e.medication_for_addiction_treatment::int as Mat,
               exists (select 1 from drug_screen d where d.episode_key = e.episode_key and d.result = 'positive'
                       and d.collected_on <= e.admitted_on + @IntakeDays)::int as PositiveIntake
        from episode e
        join program p on p.program_key = e.program_key
        join patient pt on pt.patient_key = e.patient_key
        where e.discharged_on between @Start and @End and p.level_of_care in ('iop', 'php')
          and (@Facility::text is null or e.facility_id = @Facility)
        order by e.episode_key
        """;

    public static async Task<IReadOnlyList<(string Facility, bool Iop, string Reason, double[] Covariates)>> LoadAsync(
        NpgsqlConnection connection, object parameters, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(Sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken));
        return [.. rows.Select(r => (r.Facility, r.Iop, r.Reason, new[]
        {
            (double)r.AgeDecades, r.Female, r.CoOccurring, r.Opioid, r.Stimulant, r.CriminalJustice, r.Medicaid, r.Mat, r.PositiveIntake,
        }))];
    }

    /// <summary>Adjusted IOP minus PHP differences in completion and dropout, with balance, per facility and overall.</summary>
    public static IEnumerable<Figure> Figures(IReadOnlyList<(string Facility, bool Iop, string Reason, double[] Covariates)> episodes)
    {
        var scopes = episodes.Select(e => e.Facility).Distinct().Order(StringComparer.Ordinal).Prepend(Figure.All);
        foreach (var facility in scopes)
        {
            var inScope = episodes.Where(e => facility == Figure.All || e.Facility == facility).ToList();
            var units = inScope.Select(e => new CaseMixUnit(e.Iop, false, e.Covariates)).ToList();
            (string Metric, Func<string, bool> IsOutcome)[] metrics =
            [
                ("completion", r => r == "completed"),
                ("dropout", r => OutcomeDefinitions.UnplannedReasons.Contains(r)),
            ];

            // One propensity model per scope serves both outcomes.
            var results = InverseProbabilityWeighting.CompareEach(
                units, [.. metrics.Select(m => (IReadOnlyList<bool>)[.. inScope.Select(e => m.IsOutcome(e.Reason))])], Covariates);
            for (var m = 0; m < metrics.Length; m++)
            {
                var (metric, result) = (metrics[m].Metric, results[m]);
                yield return new Figure($"{metric}_adjusted", facility, Figure.IopMinusPhp, null, "", units.Count, null, null,
                    result.AdjustedDifference, result.AdjustedInterval?.Lower, result.AdjustedInterval?.Upper, false,
                    result.Comparable
                        ? $"IOP minus PHP adjusted by inverse probability weighting; effective sizes {result.EffectiveSizeFirst:F0} and {result.EffectiveSizeSecond:F0}"
                        : $"not comparable: {result.NotComparableReason}");
                if (metric == "completion")
                {
                    foreach (var balance in result.Balance)
                    {
                        yield return new Figure("standardised_difference", facility, Figure.IopMinusPhp, null, balance.Covariate, units.Count,
                            null, null, balance.Before, null, null, false, "before weighting");
                        yield return new Figure("standardised_difference_weighted", facility, Figure.IopMinusPhp, null, balance.Covariate, units.Count,
                            null, null, balance.After, null, null, false, "after weighting");
                    }
                }
            }
        }
    }

    private sealed record Row(
        string Facility, bool Iop, string Reason, decimal AgeDecades, int Female, int CoOccurring, int Opioid, int Stimulant,
        int CriminalJustice, int Medicaid, int Mat, int PositiveIntake);
}
