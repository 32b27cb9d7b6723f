using System.Runtime.InteropServices;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// Each patient's units summed per program as the unit rows arrive (<see cref="Add"/>), then within each population the
/// patient is counted in (<see cref="Populations"/>): its program, its facility and level, its facility. For the i-th
/// measure a row carries y{i} (units with the event) at position 2i and n{i} (units) at 2i + 1.
/// </summary>
internal sealed class PatientSums(int measures)
{
    private readonly int width = 2 * measures;
    private readonly Dictionary<(long Program, long Patient), int> entries = [];
    private readonly List<(long Program, long Patient)> keys = [];
    private long[] values = new long[2 * measures * 1024];

    /// <summary>Adds one unit row of <paramref name="patient"/> in <paramref name="program"/>.</summary>
    public void Add(long program, long patient, ReadOnlySpan<long> row)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(entries, (program, patient), out var exists);
        if (!exists)
        {
            entry = keys.Count;
            keys.Add((program, patient));
            if ((entry + 1) * width > values.Length)
            {
                Array.Resize(ref values, values.Length * 2);
            }
        }

        var sums = values.AsSpan(entry * width, width);
        for (var i = 0; i < width; i++)
        {
            sums[i] += row[i];
        }
    }

    /// <summary>
    /// The populations' sums, one row per population and measure with units, ordered by facility, then its programs,
    /// its levels and the facility itself. <paramref name="programs"/> gives each program's facility and level.
    /// </summary>
    public List<PatientClusters.Row> Populations(
        IReadOnlyDictionary<long, PatientClusters.ProgramOf> programs, IReadOnlyList<(string Metric, string Grouping)> measures)
    {
        var byProgram = new Dictionary<long, Population>();
        var byLevel = new Dictionary<(string Facility, string Level), Population>();
        var byFacility = new Dictionary<string, Population>();

        // Each patient's entries (one per program), chained: the last entry read, and before each entry the one
        // read before it (-1 at the first).
        var last = new Dictionary<(string Facility, long Patient), int>();
        var before = new int[keys.Count];
        for (var k = 0; k < keys.Count; k++)
        {
            var program = Program(programs, keys[k].Program);
            Of(byProgram, keys[k].Program).AddCluster(values.AsSpan(k * width, width));
            ref var head = ref CollectionsMarshal.GetValueRefOrAddDefault(last, (program.Facility, keys[k].Patient), out var seen);
            before[k] = seen ? head : -1;
            head = k;
        }

        var level = new long[width];
        var whole = new long[width];
        var iop = new long[width];
        var php = new long[width];
        var levels = new List<string>();
        foreach (var ((facility, _), head) in last)
        {
            Array.Clear(whole);
            Array.Clear(iop);
            Array.Clear(php);
            levels.Clear();
            for (var k = head; k >= 0; k = before[k])
            {
                var levelOfCare = Program(programs, keys[k].Program).Level;
                if (!levels.Contains(levelOfCare, StringComparer.Ordinal))
                {
                    levels.Add(levelOfCare);
                }
            }

            foreach (var levelOfCare in levels)
            {
                Array.Clear(level);
                for (var k = head; k >= 0; k = before[k])
                {
                    if (Program(programs, keys[k].Program).Level == levelOfCare)
                    {
                        AddTo(level, k);
                    }
                }

                Of(byLevel, (facility, levelOfCare)).AddCluster(level);
                AddTo(whole, level);
                if (levelOfCare == Definitions.OutcomeDefinitions.Iop)
                {
                    AddTo(iop, level);
                }
                else if (levelOfCare == Definitions.OutcomeDefinitions.Php)
                {
                    AddTo(php, level);
                }
            }

            var facilitySums = Of(byFacility, facility);
            facilitySums.AddCluster(whole);
            facilitySums.AddPair(iop, php);
        }

        var rows = new List<PatientClusters.Row>();
        foreach (var facility in byFacility.Keys.Order(StringComparer.Ordinal))
        {
            foreach (var (key, population) in byProgram.Where(p => Program(programs, p.Key).Facility == facility).OrderBy(p => p.Key))
            {
                var program = Program(programs, key);
                rows.AddRange(population.Rows(measures, facility, program.Level, (int)key));
            }

            foreach (var ((_, levelOfCare), population) in byLevel.Where(l => l.Key.Facility == facility).OrderBy(l => l.Key.Level, StringComparer.Ordinal))
            {
                rows.AddRange(population.Rows(measures, facility, levelOfCare, null));
            }

            rows.AddRange(byFacility[facility].Rows(measures, facility, null, null));
        }

        return rows;
    }

    private void AddTo(long[] target, int entry)
    {
        var sums = values.AsSpan(entry * width, width);
        for (var i = 0; i < width; i++)
        {
            target[i] += sums[i];
        }
    }

    private static void AddTo(long[] target, long[] source)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] += source[i];
        }
    }

    private static PatientClusters.ProgramOf Program(IReadOnlyDictionary<long, PatientClusters.ProgramOf> programs, long key) =>
        programs.TryGetValue(key, out var program)
            ? program
            : throw new InvalidOperationException($"Units of program {key} were read, but the program is not visible to this login.");

    private Population Of<TKey>(Dictionary<TKey, Population> populations, TKey key)
        where TKey : notnull
    {
        ref var population = ref CollectionsMarshal.GetValueRefOrAddDefault(populations, key, out _);
        return population ??= new Population(width / 2);
    }

    /// <summary>
    /// One population's sums per measure: clusters with units (c), Σn, Σy, Σy², Σy·n, Σn², and for a facility the IOP
    /// and PHP pair sums: clusters with units in either, Σy·y', Σy·n', Σn·y', Σn·n'.
    /// </summary>
    private sealed class Population(int measures)
    {
        private const int Fields = 11;
        private readonly double[] sums = new double[Fields * measures];

        public void AddCluster(ReadOnlySpan<long> cluster)
        {
            for (var i = 0; i < measures; i++)
            {
                double y = cluster[2 * i], n = cluster[(2 * i) + 1];
                var s = sums.AsSpan(i * Fields, Fields);
                s[0] += n > 0 ? 1 : 0;
                s[1] += n;
                s[2] += y;
                s[3] += y * y;
                s[4] += y * n;
                s[5] += n * n;
            }
        }

        public void AddPair(long[] first, long[] second)
        {
            for (var i = 0; i < measures; i++)
            {
                double y1 = first[2 * i], n1 = first[(2 * i) + 1], y2 = second[2 * i], n2 = second[(2 * i) + 1];
                var s = sums.AsSpan(i * Fields, Fields);
                s[6] += n1 + n2 > 0 ? 1 : 0;
                s[7] += y1 * y2;
                s[8] += y1 * n2;
                s[9] += n1 * y2;
                s[10] += n1 * n2;
            }
        }

        public IEnumerable<PatientClusters.Row> Rows(IReadOnlyList<(string Metric, string Grouping)> names, string facility, string? level, int? program)
        {
            for (var i = 0; i < measures; i++)
            {
                var s = sums.AsSpan(i * Fields, Fields).ToArray();
                if (s[1] > 0)
                {
                    yield return new PatientClusters.Row(names[i].Metric, facility, level, program, names[i].Grouping,
                        (long)s[0], s[1], s[2], s[3], s[4], s[5], (long)s[6], s[7], s[8], s[9], s[10]);
                }
            }
        }
    }
}
