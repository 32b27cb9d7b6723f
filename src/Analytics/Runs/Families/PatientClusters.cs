using Dapper;
using Npgsql;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// The per-population sums that cluster-robust intervals by patient need (<see cref="Clustering.ClusterSums"/>,
/// <see cref="Clustering.ClusterCrossSums"/>), computed in SQL from yes/no units (weeks, screens, sessions) without
/// sending the units or the patients to the client. The units come summed per episode or finer, from a CTE named
/// <c>unit</c> with columns facility_id, level_of_care, program_key, patient_key and, for the i-th measure, y{i} (units
/// with the event) and n{i} (units); each patient's units are then summed within each population it is counted in —
/// its program, its facility and level, its facility — so a patient with two episodes, or with PHP and IOP weeks, is
/// one cluster wherever both are counted together. A patient belongs to one facility (patient keys are per facility),
/// so the sums for all facilities are the facilities' sums added up, on the client.
/// </summary>
/// <remarks>
/// The measures stay side by side (one row per patient and population) until the populations' sums are taken, and are
/// turned into one row per measure only then: a row per patient and measure, grouped three ways, made the planner sort
/// millions of rows on disk (a month of the benchmark: 26 s). Only patients with more than one program in their
/// facility are summed again per level and per facility: every other patient's program row is its level's and its
/// facility's row too, so the programs' sums of those patients are added up into the levels' and the facilities' (as
/// pairs when the level is IOP or PHP, with no cross products). Sums of whole numbers in float8 are exact, so the order
/// of adding does not move a figure.
/// </remarks>
internal static class PatientClusters
{
    /// <summary>
    /// The statement: <paramref name="ctes"/> (without <c>with</c>) must define <c>unit</c> with y{i} and n{i} for each
    /// of <paramref name="measures"/>. The text varies only with the number of measures; their names reach the server as
    /// parameters (<see cref="Statement.ReadAsync"/>).
    /// </summary>
    public static Statement Sql(string ctes, IReadOnlyList<(string Metric, string Grouping)> measures)
    {
        var range = Enumerable.Range(0, measures.Count).ToList();
        string Sums(string source) => string.Join(", ", range.Select(i => $"sum({source}y{i})::float8 as y{i}, sum({source}n{i})::float8 as n{i}"));
        string Level(int i, string level, string suffix) =>
            $"coalesce(sum(y{i}) filter (where level_of_care = '{level}'), 0) as y{i}{suffix}, coalesce(sum(n{i}) filter (where level_of_care = '{level}'), 0) as n{i}{suffix}";
        string Population(bool cross) => string.Join(",\n               ", range.Select(i =>
            $"count(*) filter (where n{i} > 0) as c{i}, sum(n{i}) as u{i}, sum(y{i}) as s{i}, sum(y{i} * y{i}) as ss{i}, sum(y{i} * n{i}) as su{i}, sum(n{i} * n{i}) as uu{i}, "
            + (cross
                ? $"count(*) filter (where n{i}i + n{i}p > 0) as pc{i}, sum(y{i}i * y{i}p) as yy{i}, sum(y{i}i * n{i}p) as yn{i}, sum(n{i}i * y{i}p) as ny{i}, sum(n{i}i * n{i}p) as nn{i}"
                : $"0::bigint as pc{i}, 0::float8 as yy{i}, 0::float8 as yn{i}, 0::float8 as ny{i}, 0::float8 as nn{i}")));
        string[] columns = ["c", "u", "s", "ss", "su", "uu", "pc", "yy", "yn", "ny", "nn"];
        string Columns() => string.Join(", ", range.SelectMany(i => columns.Select(c => $"{c}{i}")));
        string Added() => string.Join(",\n                       ", range.Select(i => string.Join(", ",
            columns.Select(c => c is "c" or "pc" ? $"sum({c}{i})::bigint as {c}{i}" : $"sum({c}{i}) as {c}{i}"))));
        string SingleAsPair() => string.Join(",\n                           ", range.Select(i =>
            $"c{i}, u{i}, s{i}, ss{i}, su{i}, uu{i}, case when level_of_care in ('iop', 'php') then c{i} else 0::bigint end as pc{i}, "
            + $"0::float8 as yy{i}, 0::float8 as yn{i}, 0::float8 as ny{i}, 0::float8 as nn{i}"));
        var values = string.Join(",\n            ", range.Select(i =>
            $"((@MeasureMetrics::text[])[{i + 1}], (@MeasureGroupings::text[])[{i + 1}], c{i}, u{i}, s{i}, ss{i}, su{i}, uu{i}, pc{i}, yy{i}, yn{i}, ny{i}, nn{i})"));
        return new Statement($"""
            with {ctes},
            per_program as (
                select facility_id, level_of_care, program_key, patient_key, {Sums("")}
                from unit
                group by facility_id, level_of_care, program_key, patient_key
            ), shared as (
                -- Patients with more than one program in their facility. Every other patient has one row in each
                -- population it is counted in, so its program's row serves its level and its facility too.
                select facility_id, patient_key
                from per_program
                group by facility_id, patient_key
                having count(*) > 1
            ), per_level as (
                select p.facility_id, p.level_of_care, p.patient_key, {Sums("p.")}
                from per_program p
                join shared s on s.facility_id = p.facility_id and s.patient_key = p.patient_key
                group by p.facility_id, p.level_of_care, p.patient_key
            ), per_facility as (
                select p.facility_id, p.patient_key, {Sums("p.")},
                       {string.Join(",\n                       ", range.Select(i => Level(i, "iop", "i") + ", " + Level(i, "php", "p")))}
                from per_program p
                join shared s on s.facility_id = p.facility_id and s.patient_key = p.patient_key
                group by p.facility_id, p.patient_key
            ), program_population as (
                select p.facility_id, p.level_of_care, p.program_key, s.patient_key is not null as shared, {Population(cross: false)}
                from per_program p
                left join shared s on s.facility_id = p.facility_id and s.patient_key = p.patient_key
                group by p.facility_id, p.level_of_care, p.program_key, s.patient_key is not null
            ), population as (
                select facility_id, level_of_care, program_key, {Added()}
                from program_population group by facility_id, level_of_care, program_key
                union all
                select facility_id, level_of_care, null, {Added()}
                from (
                    select facility_id, level_of_care, {Columns()} from program_population where not shared
                    union all
                    select facility_id, level_of_care, {Population(cross: false)} from per_level group by facility_id, level_of_care
                ) l
                group by facility_id, level_of_care
                union all
                select facility_id, null, null, {Added()}
                from (
                    -- A patient with one program is in one level: a pair (IOP and PHP) cluster when that level is one of
                    -- them, with no cross products.
                    select facility_id, {SingleAsPair()} from program_population where not shared
                    union all
                    select facility_id, {Population(cross: true)} from per_facility group by facility_id
                ) f
                group by facility_id
            )
            select k.metric as Metric, p.facility_id as Facility, p.level_of_care as Level, p.program_key as ProgramKey, k.grouping as Grouping,
                   k.clusters as Clusters, k.units as Units, k.total as Sum, k.squares as SumSquared, k.times_units as SumTimesUnits,
                   k.units_squared as UnitsSquared, k.pair_clusters as PairClusters, k.yy as SumTimesSum, k.yn as FirstSumTimesSecondUnits,
                   k.ny as FirstUnitsTimesSecondSum, k.nn as UnitsTimesUnits
            from population p
            cross join lateral (values
                {values}) as k(metric, grouping, clusters, units, total, squares, times_units, units_squared, pair_clusters, yy, yn, ny, nn)
            where k.units > 0
            """, [.. measures.Select(m => m.Metric)], [.. measures.Select(m => m.Grouping)]);
    }

    /// <summary>The statement's text and the names of its measures, in the order of its y{i} and n{i} columns.</summary>
    internal sealed record Statement(string Text, string[] Metrics, string[] Groupings)
    {
        /// <summary>The populations' sums, with <paramref name="parameters"/> and the measures' names as parameters.</summary>
        public async Task<List<Row>> ReadAsync(NpgsqlConnection connection, object parameters, CancellationToken cancellationToken)
        {
            var arguments = new DynamicParameters(parameters);
            arguments.Add("MeasureMetrics", Metrics);
            arguments.Add("MeasureGroupings", Groupings);
            return [.. await connection.QueryAsync<Row>(new CommandDefinition(Text, arguments, commandTimeout: 0, cancellationToken: cancellationToken))];
        }
    }

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
