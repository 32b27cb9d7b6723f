using Outcomes.Database.Access;
using Outcomes.Reports.Output;

namespace Outcomes.Web.Dashboard;

/// <summary>
/// The files the report jobs wrote, read from the reports folder of <c>outcomes serve</c> (its monthly-report job
/// writes a folder per population: <c>all-facilities</c>, and each facility's id made a safe name by
/// <see cref="SafeFileName"/>): monthly workbooks (<c>outcomes-*.xlsx</c>), chart packs (<c>audit-pack-*.zip</c>) and
/// annual reviews (<c>annual-review-*.xlsx</c> and <c>.html</c>). A download is served only as an entry of this list,
/// matched by its name: no path is ever built from a request value. Files still being written (their temporary names
/// begin with '.') and links are not listed.
/// </summary>
internal sealed class ReportFiles(string? folder)
{
    public const string WorkbookKind = "Monthly workbook";
    public const string ChartPackKind = "Chart pack";
    public const string AnnualReviewKind = "Annual review";

    private static readonly (string Prefix, string Extension, string Kind)[] Kinds =
    [
        ("outcomes-", ".xlsx", WorkbookKind),
        ("audit-pack-", ".zip", ChartPackKind),
        ("annual-review-", ".xlsx", AnnualReviewKind),
        ("annual-review-", ".html", AnnualReviewKind),
    ];

    /// <summary>Whether the server has a reports folder at all (it does when it runs the jobs).</summary>
    public bool Configured => folder is not null;

    /// <summary>
    /// The files of the population's folder (<paramref name="facility"/>, or all facilities when null), newest name first
    /// within each kind. The caller has checked that the login may see the population.
    /// </summary>
    public IReadOnlyList<ReportFile> Of(string? facility)
    {
        if (folder is null)
        {
            return [];
        }

        var population = facility is null ? FacilityScope.AllName : SafeFileName.From(facility);
        var directory = new DirectoryInfo(Path.Combine(folder, population));
        if (!directory.Exists || directory.LinkTarget is not null)
        {
            return [];
        }

        return
        [
            .. directory.EnumerateFiles()
                .Where(f => !f.Name.StartsWith('.') && f.LinkTarget is null && (f.Attributes & FileAttributes.ReparsePoint) == 0)
                .Select(f => (File: f, Kind: Kinds.FirstOrDefault(k => f.Name.StartsWith(k.Prefix, StringComparison.Ordinal) && f.Name.EndsWith(k.Extension, StringComparison.Ordinal)).Kind))
                .Where(f => f.Kind is not null)
                .OrderBy(f => Array.FindIndex(Kinds, k => k.Kind == f.Kind)).ThenByDescending(f => f.File.Name, StringComparer.Ordinal)
                .Select(f => new ReportFile(facility ?? FacilityScope.AllName, f.File.Name, f.Kind!, f.File.FullName, f.File.Length)),
        ];
    }

    /// <summary>The listed file of the population named exactly <paramref name="name"/>, or null.</summary>
    public ReportFile? Find(string? facility, string name) => Of(facility).FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
