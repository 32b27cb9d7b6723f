using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Csv;
using Outcomes.Ingest.Loading;
using Outcomes.Ingest.Validation;

namespace Outcomes.Ingest.Profiles;

/// <summary>
/// Runs a profile over a folder of exports and every staged row through the contract's own row validation, without a
/// database: what would load and what would be quarantined and why. References between files (an episode's patient,
/// a session's episode) and repeats of an id are checked only by the load, which sees what is stored.
/// </summary>
public static class SourceCheck
{
    public static SourceCheckReport Run(LoadedProfile profile, string folder, IngestOptions options)
    {
        var staging = Path.Combine(Path.GetTempPath(), $"outcomes-source-check-{Guid.NewGuid():N}");
        try
        {
            var staged = ExportStager.Stage(profile, folder, staging);
            var files = staged.Files.Select(f => Check(f, options)).ToList();
            return new SourceCheckReport(files, staged);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static SourceCheckFile Check(StagedFile file, IngestOptions options)
    {
        using var stream = File.OpenRead(file.Path);
        using var reader = ContractCsvReader.Open(stream)!;
        var columns = FileIngestor.MapColumns(reader.Header, file.Entity);
        var values = new RowValues(file.Entity.Fields.Count);
        var issues = new List<SourceCheckIssue>();
        var rows = 0;
        while (reader.Read())
        {
            rows++;
            var issue = file.Origin.MappingIssues.TryGetValue(reader.LineNumber, out var unmapped)
                ? unmapped.Issue
                : FileIngestor.Validate(reader, file.Entity, columns, values, options, options.LatestAcceptedDate);
            if (issue is not null)
            {
                issues.Add(new SourceCheckIssue(file.Origin.SourceLines[reader.LineNumber], issue.Field, issue.Reason));
            }
        }

        return new SourceCheckFile(file.Origin.SourceFileName, file.Entity.Name, rows, rows - issues.Count, issues);
    }
}
