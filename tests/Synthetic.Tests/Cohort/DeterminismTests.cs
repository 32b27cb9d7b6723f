using Xunit;

namespace Outcomes.Synthetic.Tests.Cohort;

public sealed class DeterminismTests
{
    [Fact]
    public void The_same_seed_gives_byte_identical_files_and_another_seed_different_ones()
    {
        using var first = new GeneratedCohort(episodes: 800, dirtyRate: 0.01, seed: 7);
        using var second = new GeneratedCohort(episodes: 800, dirtyRate: 0.01, seed: 7);
        using var other = new GeneratedCohort(episodes: 800, dirtyRate: 0.01, seed: 8);

        var files = Files(first);
        Assert.Equal(17, files.Count);
        Assert.Equal(files, Files(second));
        foreach (var file in files)
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(first.Folder, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(second.Folder, file))),
                $"{file} differs between two runs with seed 7");
        }

        Assert.NotEqual(File.ReadAllBytes(Path.Combine(first.DropFolder, "sessions.csv")), File.ReadAllBytes(Path.Combine(other.DropFolder, "sessions.csv")));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(first.TruthFolder, "episodes.csv")), File.ReadAllBytes(Path.Combine(other.TruthFolder, "episodes.csv")));
    }

    [Fact]
    public void A_dirty_drop_holds_exactly_the_rows_of_the_clean_drop_with_the_same_seed_plus_the_listed_malformed_ones()
    {
        using var clean = new GeneratedCohort(episodes: 800, dirtyRate: 0, seed: 11);
        using var dirty = new GeneratedCohort(episodes: 800, dirtyRate: 0.02, seed: 11);

        Assert.Empty(clean.DirtyLines);
        Assert.NotEmpty(dirty.DirtyLines);
        foreach (var file in Directory.EnumerateFiles(clean.DropFolder).Select(Path.GetFileName))
        {
            var dirtyLines = File.ReadAllLines(Path.Combine(dirty.DropFolder, file!));
            var withoutMalformed = dirtyLines.Where((_, i) => !dirty.DirtyLines.Contains((file!, i + 1)));
            Assert.Equal(File.ReadAllLines(Path.Combine(clean.DropFolder, file!)), withoutMalformed);
        }
    }

    private static List<string> Files(GeneratedCohort cohort) =>
        [.. Directory.EnumerateFiles(cohort.Folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(cohort.Folder, f)).Order(StringComparer.Ordinal)];
}
