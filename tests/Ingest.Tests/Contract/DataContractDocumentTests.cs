using Outcomes.Ingest.Contract;
using Xunit;

namespace Outcomes.Ingest.Tests.Contract;

/// <summary>docs/data-contract.md is what centers build their exports from: it must match the code.</summary>
public sealed class DataContractDocumentTests
{
    private static readonly string Document = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "data-contract.md"));

    public static TheoryData<string> FileNames => [.. DataContract.Files.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(FileNames))]
    public void Every_column_of_each_file_is_documented_in_its_section(string name)
    {
        var entity = DataContract.Files.Single(f => f.Name == name);
        var section = Section($"## {name}");

        Assert.All(entity.Fields, field => Assert.Contains($"| {field.Name} |", section, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void Every_code_a_file_accepts_is_written_in_the_document(string name)
    {
        var entity = DataContract.Files.Single(f => f.Name == name);
        var codes = entity.Fields.Where(f => f.Kind is FieldKind.Code or FieldKind.CodeList).SelectMany(f => f.Codes)
            .Where(c => !c.Contains('.', StringComparison.Ordinal) && c is not ("op" or "iop" or "php" or "1"));

        Assert.All(codes, code => Assert.Contains($"`{code}`", Document, StringComparison.Ordinal));
    }

    [Fact]
    public void File_names_with_a_suffix_belong_to_their_contract_file_and_others_to_none()
    {
        Assert.Equal("sessions", DataContract.ForFileName("sessions_2026-10.csv")?.Name);
        Assert.Equal("sessions", DataContract.ForFileName("SESSIONS.CSV")?.Name);
        Assert.Equal("follow_ups", DataContract.ForFileName("follow_ups-part2.csv")?.Name);
        Assert.Null(DataContract.ForFileName("sessionsextra.csv"));
        Assert.Null(DataContract.ForFileName("sessions.txt"));
        Assert.Null(DataContract.ForFileName("notes.csv"));
    }

    private static string Section(string heading)
    {
        var start = Document.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/data-contract.md has no section '{heading}'");
        var next = Document.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return next < 0 ? Document[start..] : Document[start..next];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Outcomes.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Outcomes.sln not found above the test folder.");
    }
}
