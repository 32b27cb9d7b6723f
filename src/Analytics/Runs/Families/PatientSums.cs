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
    /// <remarks>
    /// Programs, facilities and levels are numbered once, so the pass over the patients indexes arrays instead of
    /// hashing strings: a trailing year has about half a million program-and-patient entries.
    /// </remarks>
    public List<PatientClusters.Row> Populations(
        IReadOnlyDictionary<long, PatientClusters.ProgramOf> programs, IReadOnlyList<(string Metric, string Grouping)> measures)
    {
        var programKeys = new List<long>();
        var programIndex = new Dictionary<long, int>();
        var facilities = new List<string>();
        var levels = new List<string>();
        var facilityOf = new List<int>();
        var levelOf = new List<int>();

        // Each entry's program number, and each patient's entries (one per program) chained: the last entry read, and
        // before each entry the one read before it (-1 at the first).
        var programOf = new int[keys.Count];
        var last = new Dictionary<(int Facility, long Patient), int>();
        var before = new int[keys.Count];
        for (var k = 0; k < keys.Count; k++)
        {
            ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(programIndex, keys[k].Program, out var known);
            if (!known)
            {
                var program = Program(programs, keys[k].Program);
                index = programKeys.Count;
                programKeys.Add(keys[k].Program);
                facilityOf.Add(Number(facilities, program.Facility));
                levelOf.Add(Number(levels, program.Level));
            }

            programOf[k] = index;
            ref var head = ref CollectionsMarshal.GetValueRefOrAddDefault(last, (facilityOf[index], keys[k].Patient), out var seen);
            before[k] = seen ? head : -1;
            head = k;
        }

        var byProgram = new Population?[programKeys.Count];
        var byLevel = new Population?[facilities.Count, levels.Count];
        var byFacility = new Population?[facilities.Count];
        for (var k = 0; k < keys.Count; k++)
        {
            (byProgram[programOf[k]] ??= new Population(width / 2)).AddCluster(values.AsSpan(k * width, width));
        }

        var iopLevel = levels.IndexOf(Definitions.OutcomeDefinitions.Iop);
        var phpLevel = levels.IndexOf(Definitions.OutcomeDefinitions.Php);
        var perLevel = new long[levels.Count * width];
        var present = new bool[levels.Count];
        var whole = new long[width];
        var iop = new long[width];
        var php = new long[width];
        foreach (var ((facility, _), head) in last)
        {
            Array.Clear(perLevel);
            Array.Clear(present);
            for (var k = head; k >= 0; k = before[k])
            {
                var level = levelOf[programOf[k]];
                present[level] = true;
                AddTo(perLevel.AsSpan(level * width, width), values.AsSpan(k * width, width));
            }

            Array.Clear(whole);
            Array.Clear(iop);
            Array.Clear(php);
            for (var level = 0; level < levels.Count; level++)
            {
                if (!present[level])
                {
                    continue;
                }

                var sums = perLevel.AsSpan(level * width, width);
                (byLevel[facility, level] ??= new Population(width / 2)).AddCluster(sums);
                AddTo(whole, sums);
                if (level == iopLevel)
                {
                    AddTo(iop, sums);
                }
                else if (level == phpLevel)
                {
                    AddTo(php, sums);
                }
            }

            var facilitySums = byFacility[facility] ??= new Population(width / 2);
            facilitySums.AddCluster(whole);
            facilitySums.AddPair(iop, php);
        }

        var rows = new List<PatientClusters.Row>();
        foreach (var facility in Enumerable.Range(0, facilities.Count).Where(f => byFacility[f] is not null).OrderBy(f => facilities[f], StringComparer.Ordinal))
        {
            foreach (var program in Enumerable.Range(0, programKeys.Count).Where(p => facilityOf[p] == facility && byProgram[p] is not null).OrderBy(p => programKeys[p]))
            {
                rows.AddRange(byProgram[program]!.Rows(measures, facilities[facility], levels[levelOf[program]], (int)programKeys[program]));
            }

            foreach (var level in Enumerable.Range(0, levels.Count).Where(l => byLevel[facility, l] is not null).OrderBy(l => levels[l], StringComparer.Ordinal))
            {
                rows.AddRange(byLevel[facility, level]!.Rows(measures, facilities[facility], levels[level], null));
            }

            rows.AddRange(byFacility[facility]!.Rows(measures, facilities[facility], null, null));
        }

        return rows;
    }

    /// <summary>The number of <paramref name="name"/> in <paramref name="names"/>, added when new.</summary>
    private static int Number(List<string> names, string name)
    {
        var index = names.IndexOf(name);
        if (index < 0)
        {
            index = names.Count;
            names.Add(name);
        }

        return index;
    }

    private static void AddTo(Span<long> target, ReadOnlySpan<long> source)
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
