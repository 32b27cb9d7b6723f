using System.Data.Common;
using Dapper;
using Npgsql;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// The per-population sums that cluster-robust intervals by patient need (<see cref="Clustering.ClusterSums"/>,
/// <see cref="Clustering.ClusterCrossSums"/>), from yes/no units (weeks, screens, sessions). The units come summed per
/// episode or finer, from a CTE named <c>unit</c> with columns program_key, patient_key and, for the i-th measure, y{i}
/// (units with the event) and n{i} (units); each patient's units are then summed within each population it is counted
/// in — its program, its facility and level, its facility — so a patient with two episodes, or with PHP and IOP weeks,
/// is one cluster wherever both are counted together. A patient belongs to one facility (patient keys are per
/// facility), so the sums for all facilities are the facilities' sums added up (<see cref="RateFigures"/>).
/// </summary>
/// <remarks>
/// The server reads and joins the units; their rows are summed per program and patient here, in one pass over the
/// rows as they arrive (<see cref="PatientSums"/>). Grouped on the server, a trailing year's 1.66 million month rows of
/// attendance became 0.55 million rows of 18 sums that spilled to disk, and were then sorted and grouped again for
/// the levels and facilities: about half of the year's analysis time. A program's facility and level come from the
/// program table. Sums of whole numbers in float8 are exact, so the order of adding does not move a figure.
/// </remarks>
internal static class PatientClusters
{
    /// <summary>
    /// The statement: <paramref name="ctes"/> (without <c>with</c>) must define <c>unit</c> with program_key,
    /// patient_key and y{i} and n{i} for each of <paramref name="measures"/> (whole numbers from 0 to 2³¹ − 1).
    /// </summary>
    public static Statement Sql(string ctes, IReadOnlyList<(string Metric, string Grouping)> measures)
    {
        // Each measure's pair in one column, y in the high 32 bits and n in the low: a trailing year's 1.66 million
        // month rows cost the client about half as much to read as with a column each (counts of one row are far
        // below 2³¹).
        var columns = string.Join(", ", Enumerable.Range(0, measures.Count).Select(i => Pair($"y{i}", $"n{i}")));
        return new Statement($"""
            with {ctes}
            select program_key::int8, patient_key::int8, {columns}
            from unit
            """, [.. measures], [Pairs]);
    }

    /// <summary>The SQL of one column holding <paramref name="y"/> in its high 32 bits and <paramref name="n"/> in its low (see <see cref="Pairs"/>).</summary>
    public static string Pair(string y, string n) => $"({y}::int8 << 32) | {n}::int4::int8";

    /// <summary>
    /// Turns the columns after program_key and patient_key of the current row into y{i} at position 2i and n{i} at
    /// 2i + 1 of <paramref name="values"/>, for every measure.
    /// </summary>
    internal delegate void UnitColumns(DbDataReader reader, Span<long> values);

    /// <summary>A column per measure, each made by <see cref="Pair"/>.</summary>
    public static void Pairs(DbDataReader reader, Span<long> values) => ReadPairs(reader, 2, values);

    /// <summary>Pairs made by <see cref="Pair"/> from column <paramref name="first"/> on, into <paramref name="values"/>.</summary>
    public static void ReadPairs(DbDataReader reader, int first, Span<long> values)
    {
        for (var i = 0; i < values.Length / 2; i++)
        {
            var pair = reader.GetInt64(first + i);
            values[2 * i] = pair >> 32;
            values[(2 * i) + 1] = pair & uint.MaxValue;
        }
    }

    /// <summary>
    /// The statement's text, its measures, in the order of their y{i} and n{i}, and how to read the unit rows of each of
    /// its result sets (<paramref name="Results"/>): every result set has program_key and patient_key first.
    /// </summary>
    internal sealed record Statement(string Text, IReadOnlyList<(string Metric, string Grouping)> Measures, IReadOnlyList<UnitColumns> Results)
    {
        /// <summary>Each population's sums (<see cref="Row"/>), of the units the statement reads with <paramref name="parameters"/>.</summary>
        public async Task<List<Row>> ReadAsync(NpgsqlConnection connection, object parameters, CancellationToken cancellationToken)
        {
            var programs = (await connection.QueryAsync<ProgramOf>(new CommandDefinition(Programs, cancellationToken: cancellationToken)))
                .ToDictionary(p => p.ProgramKey);
            var sums = new PatientSums(Measures.Count);
            await using (var reader = await connection.ExecuteReaderAsync(
                new CommandDefinition(Text, parameters, commandTimeout: 0, cancellationToken: cancellationToken)))
            {
                var values = new long[2 * Measures.Count];
                foreach (var columns in Results)
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        columns(reader, values);
                        sums.Add(reader.GetInt64(0), reader.GetInt64(1), values);
                    }

                    await reader.NextResultAsync(cancellationToken);
                }
            }

            return sums.Populations(programs, Measures);
        }
    }

    /// <summary>Each program's facility and level.</summary>
    private const string Programs = "select program_key::int8 as ProgramKey, facility_id as Facility, level_of_care as Level from program";

    /// <summary>A program's facility and level.</summary>
    internal sealed record ProgramOf(long ProgramKey, string Facility, string Level);

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
