using System.Text;
using Outcomes.Reports.Output;
using Xunit;

namespace Outcomes.Reports.Tests.Output;

/// <summary>
/// Where writers may write, what they may replace, and the modes of owner-only outputs; on real files and folders.
/// </summary>
public sealed class OutputFolderTests : IDisposable
{
    private readonly string _base = Directory.CreateTempSubdirectory("outcomes-output-").FullName;

    private string Out => Path.Combine(_base, "out");

    [Theory]
    [InlineData("../victim")]
    [InlineData("a/../../victim")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("a/../")]
    [InlineData("a\0b")]
    public void A_path_that_does_not_lie_inside_the_folder_is_refused(string relative)
    {
        var error = Assert.Throws<InvalidOperationException>(() => OutputFolder.Inside(Out, relative));
        Assert.StartsWith("Refused to write outside the output folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_beside_the_folder_whose_name_starts_the_same_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => OutputFolder.Inside(Out, "../out-evil/x"));
        Assert.Equal(Path.Combine(Out, "a", "b.png"), OutputFolder.Inside(Out + "/", "a/b.png"));
    }

    [Fact]
    public void A_file_is_replaced_in_one_rename_and_leaves_no_temporary_file()
    {
        var output = OutputFolder.Open(Out);
        output.WriteFile("report.xlsx", s => s.Write("first"u8));
        var path = output.WriteFile("report.xlsx", s => s.Write("second"u8));

        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal([path], Directory.EnumerateFileSystemEntries(Out));
    }

    [Fact]
    public void A_writer_that_fails_leaves_the_earlier_file_and_no_temporary_one()
    {
        var output = OutputFolder.Open(Out);
        var path = output.WriteFile("report.xlsx", s => s.Write("first"u8));

        Assert.Throws<InvalidDataException>(() => output.WriteFile("report.xlsx", s =>
        {
            s.Write("half"u8);
            throw new InvalidDataException("the writer failed");
        }));

        Assert.Equal("first", File.ReadAllText(path));
        Assert.Equal([path], Directory.EnumerateFileSystemEntries(Out));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void An_owner_only_folder_is_created_0700_and_its_files_and_temporary_files_0600()
    {
        var folder = Path.Combine(Out, "confidential", "worklists");
        var output = OutputFolder.Open(folder, ownerOnly: true);
        var whileWriting = new List<UnixFileMode>();

        var path = output.WriteFile("CONFIDENTIAL-flag-worklist.xlsx", s =>
        {
            s.Write("names"u8);
            whileWriting.AddRange(Directory.EnumerateFiles(folder, "*", new EnumerationOptions { AttributesToSkip = 0 }).Select(File.GetUnixFileMode));
        });

        const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal([OwnerReadWrite], whileWriting);
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
        const UnixFileMode Owner = OwnerReadWrite | UnixFileMode.UserExecute;
        Assert.Equal(Owner, File.GetUnixFileMode(folder));
        Assert.Equal(Owner, File.GetUnixFileMode(Path.Combine(Out, "confidential")));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void An_owner_only_file_replaces_an_earlier_readable_copy_with_an_owner_only_one()
    {
        Directory.CreateDirectory(Out);
        var path = Path.Combine(Out, "CONFIDENTIAL-flag-worklist.xlsx");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        OutputFolder.Open(Out, ownerOnly: true).WriteFile("CONFIDENTIAL-flag-worklist.xlsx", s => s.Write("new"u8));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void A_folder_Outcomes_wrote_is_replaced_whole_by_a_new_one()
    {
        var output = OutputFolder.Open(Out);
        Publish(output, "pack", ("charts/a.png", "old a"), ("charts/old-only.svg", "gone"), ("index.html", "old"));

        Publish(output, "pack", ("charts/a.png", "new a"), ("index.html", "new"));

        var pack = Path.Combine(Out, "pack");
        Assert.Equal(["charts/a.png", "index.html"], Files(pack));
        Assert.Equal("new a", File.ReadAllText(Path.Combine(pack, "charts", "a.png")));
        Assert.Equal(["pack"], Directory.EnumerateFileSystemEntries(Out).Select(Path.GetFileName));
    }

    [Fact]
    public void A_folder_Outcomes_did_not_write_is_refused_and_kept_as_it_is()
    {
        var victim = Directory.CreateDirectory(Path.Combine(Out, "pack")).FullName;
        File.WriteAllText(Path.Combine(victim, "keep.txt"), "theirs");
        var output = OutputFolder.Open(Out);

        var error = Assert.Throws<InvalidOperationException>(() => Publish(output, "pack", ("index.html", "new")));

        Assert.Contains("Outcomes did not write it", error.Message, StringComparison.Ordinal);
        Assert.Equal(["keep.txt"], Files(victim));
        Assert.Equal(["pack"], Directory.EnumerateFileSystemEntries(Out).Select(Path.GetFileName));
    }

    [Fact]
    public void A_folder_without_a_marker_whose_every_file_the_new_one_writes_again_is_replaced()
    {
        // A chart pack written before folders carried their marker: the same names, nothing else.
        var old = Directory.CreateDirectory(Path.Combine(Out, "pack", "charts")).Parent!.FullName;
        File.WriteAllText(Path.Combine(old, "charts", "a.png"), "old a");
        File.WriteAllText(Path.Combine(old, "index.html"), "old");
        var output = OutputFolder.Open(Out);

        Publish(output, "pack", ("charts/a.png", "new a"), ("charts/b.png", "new b"), ("index.html", "new"));

        Assert.Equal(["charts/a.png", "charts/b.png", "index.html"], Files(old));
        Assert.Equal("new a", File.ReadAllText(Path.Combine(old, "charts", "a.png")));
        Assert.Equal(["pack"], Directory.EnumerateFileSystemEntries(Out).Select(Path.GetFileName));
    }

    [Fact]
    public void A_folder_Outcomes_wrote_that_now_holds_someone_elses_file_is_refused_and_kept_whole()
    {
        var output = OutputFolder.Open(Out);
        Publish(output, "pack", ("index.html", "old"));
        var pack = Path.Combine(Out, "pack");
        Directory.CreateDirectory(Path.Combine(pack, "notes"));
        File.WriteAllText(Path.Combine(pack, "notes", "mine.txt"), "theirs");

        var error = Assert.Throws<InvalidOperationException>(() => Publish(output, "pack", ("index.html", "new")));

        Assert.Contains("which Outcomes did not write", error.Message, StringComparison.Ordinal);
        Assert.Equal(["index.html", "notes/mine.txt"], Files(pack));
        Assert.Equal("old", File.ReadAllText(Path.Combine(pack, "index.html")));
    }

    [Fact]
    public void A_marker_that_lists_paths_outside_the_folder_is_refused_and_nothing_outside_is_removed()
    {
        var victim = Directory.CreateDirectory(Path.Combine(_base, "victim")).FullName;
        File.WriteAllText(Path.Combine(victim, "keep.txt"), "theirs");
        var output = OutputFolder.Open(Out);
        Publish(output, "pack", ("index.html", "old"));
        File.AppendAllText(Path.Combine(Out, "pack", OutputFolder.MarkerName), "../../victim/keep.txt\n../../victim\n");

        Assert.Throws<InvalidOperationException>(() => Publish(output, "pack", ("index.html", "new")));

        Assert.Equal(["keep.txt"], Files(victim));
    }

    [Fact]
    public void A_symbolic_link_where_the_folder_goes_is_refused_and_its_target_untouched()
    {
        var victim = Directory.CreateDirectory(Path.Combine(_base, "victim")).FullName;
        File.WriteAllText(Path.Combine(victim, "keep.txt"), "theirs");
        File.WriteAllText(Path.Combine(victim, OutputFolder.MarkerName), "keep.txt\n");
        var output = OutputFolder.Open(Out);
        Directory.CreateSymbolicLink(Path.Combine(Out, "pack"), victim);

        var error = Assert.Throws<InvalidOperationException>(() => Publish(output, "pack", ("index.html", "new")));

        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
        Assert.Equal(["keep.txt"], Files(victim).Where(f => f != OutputFolder.MarkerName));
    }

    [Fact]
    public void A_staged_folder_that_is_never_published_leaves_nothing_behind()
    {
        var output = OutputFolder.Open(Out);
        using (var staged = output.Stage("pack"))
        {
            Directory.CreateDirectory(staged.PathOf("charts/deeper"));
            File.WriteAllText(staged.PathOf("charts/deeper/a.png"), "a");
            File.WriteAllText(staged.PathOf("index.html"), "i");
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(Out));
    }

    private static void Publish(OutputFolder output, string name, params (string Path, string Text)[] files)
    {
        using var staged = output.Stage(name);
        foreach (var (path, text) in files)
        {
            var full = staged.PathOf(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text, Encoding.UTF8);
        }

        staged.Publish();
    }

    private static List<string> Files(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(f => f != OutputFolder.MarkerName)
            .Order(StringComparer.Ordinal)];

    public void Dispose() => Directory.Delete(_base, recursive: true);
}
