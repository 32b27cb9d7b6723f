using Outcomes.Synthetic.Cohort;

namespace Outcomes.Synthetic.Tests;

/// <summary>A cohort generated into a temporary folder for one test class, read back as tables, deleted afterwards.</summary>
public sealed class GeneratedCohort : IDisposable
{
    private readonly Dictionary<string, CsvTable> _tables = [];

    public GeneratedCohort()
        : this(episodes: 6000, dirtyRate: 0.01)
    {
    }

    /// <param name="landmarkRiskDays">landmark days to write the true risk at (truth/landmark_risk.csv); null for none</param>
    internal GeneratedCohort(int episodes, double dirtyRate, int seed = CohortOptions.DefaultSeed, IReadOnlyList<int>? landmarkRiskDays = null)
    {
        Folder = Path.Combine(Path.GetTempPath(), "outcomes-cohort-" + Guid.NewGuid().ToString("N")[..10]);
        Options = new CohortOptions { OutputFolder = Folder, Episodes = episodes, DirtyRate = dirtyRate, Seed = seed, LandmarkRiskDays = landmarkRiskDays };
        Summary = CohortGenerator.Generate(Options);
        DirtyLines = [.. Truth("dirty_rows.csv").Rows.Select(r => (r["file"], int.Parse(r["line"], System.Globalization.CultureInfo.InvariantCulture)))];
    }

    public string Folder { get; }

    internal CohortOptions Options { get; }

    internal CohortSummary Summary { get; }

    public string DropFolder => Path.Combine(Folder, CohortGenerator.DropFolderName);

    public string TruthFolder => Path.Combine(Folder, CohortGenerator.TruthFolderName);

    /// <summary>Every malformed row: file name and line.</summary>
    internal HashSet<(string File, int Line)> DirtyLines { get; }

    internal CsvTable Drop(string fileName) => Table(Path.Combine(DropFolder, fileName));

    internal CsvTable Truth(string fileName) => Table(Path.Combine(TruthFolder, fileName));

    /// <summary>The rows of a drop file that are not malformed on purpose.</summary>
    internal IReadOnlyList<CsvTable.Row> Clean(string fileName) =>
        [.. Drop(fileName).Rows.Where(r => !DirtyLines.Contains((fileName, r.Line)))];

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private CsvTable Table(string path)
    {
        if (!_tables.TryGetValue(path, out var table))
        {
            table = CsvTable.Read(path);
            _tables[path] = table;
        }

        return table;
    }
}
