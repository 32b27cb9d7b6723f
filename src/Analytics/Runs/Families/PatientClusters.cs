namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// The per-population sums that cluster-robust intervals by patient need (<see cref="Clustering.ClusterSums"/>,
/// <see cref="Clustering.ClusterCrossSums"/>), computed in SQL from yes/no units (weeks, screens, sessions) without
/// sending the units or the patients to the client. The units come summed per episode or finer, from a CTE named
/// <c>unit</c> with columns facility_id, level_of_care, program_key, patient_key, metric, grouping, y (units with the
/// event) and n (units); each patient's units are then summed within each population it is counted in — its program,
/// its facility and level, its facility — so a patient with two episodes, or with PHP and IOP weeks, is one cluster
/// wherever both are counted together. A patient belongs to one facility (patient keys are per facility), so the sums
/// for all facilities are the facilities' sums added up, on the client.
/// </summary>
internal static class PatientClusters
{
    /// <summary>The statement: <paramref name="ctes"/> (without <c>with</c>) must define <c>unit</c>.</summary>
    public static string Sql(string ctes) => $"""
        with {ctes},
        patient_sums as (
            select facility_id, level_of_care, program_key, metric, grouping, patient_key,
                   grouping(level_of_care, program_key) as scope,
                   sum(y)::float8 as y, sum(n)::float8 as n,
                   coalesce(sum(y) filter (where level_of_care = 'iop'), 0)::float8 as y1,
                   coalesce(sum(n) filter (where level_of_care = 'iop'), 0)::float8 as n1,
                   coalesce(sum(y) filter (where level_of_care = 'php'), 0)::float8 as y2,
                   coalesce(sum(n) filter (where level_of_care = 'php'), 0)::float8 as n2
            from unit
            where n > 0
            group by grouping sets ((facility_id, metric, grouping, patient_key, level_of_care, program_key),
                                    (facility_id, metric, grouping, patient_key, level_of_care),
                                    (facility_id, metric, grouping, patient_key))
        )
        select metric as Metric, facility_id as Facility, level_of_care as Level, program_key as ProgramKey, grouping as Grouping,
               count(*) as Clusters, sum(n) as Units, sum(y) as Sum, sum(y * y) as SumSquared, sum(y * n) as SumTimesUnits,
               sum(n * n) as UnitsSquared,
               count(*) filter (where n1 + n2 > 0) as PairClusters, sum(y1 * y2) as SumTimesSum,
               sum(y1 * n2) as FirstSumTimesSecondUnits, sum(n1 * y2) as FirstUnitsTimesSecondSum, sum(n1 * n2) as UnitsTimesUnits
        from patient_sums
        group by metric, facility_id, grouping, scope, level_of_care, program_key
        """;

    /// <summary>
    /// One population's sums: a program (<see cref="ProgramKey"/> set), a facility and level (<see cref="Level"/> set,
    /// no program) or a facility (neither). The pair sums count only for a facility: the IOP (first) and PHP (second)
    /// cross products of its patients.
    /// </summary>
    internal sealed record Row(
        string Metric, string Facility, string? Level, int? ProgramKey, string Grouping,
        long Clusters, double Units, double Sum, double SumSquared, double SumTimesUnits, double UnitsSquared,
        long PairClusters, double SumTimesSum, double FirstSumTimesSecondUnits, double FirstUnitsTimesSecondSum, double UnitsTimesUnits)
    {
        /// <summary>The sums of yes/no units, whose own squares add up to the count of yes.</summary>
        public Clustering.ClusterSums Sums => new(Clusters, Units, Sum, SumSquared, SumTimesUnits, UnitsSquared, Sum);

        public Clustering.ClusterCrossSums Cross => new(PairClusters, SumTimesSum, FirstSumTimesSecondUnits, FirstUnitsTimesSecondSum, UnitsTimesUnits);
    }
}
