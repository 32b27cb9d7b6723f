using Xunit;

namespace Outcomes.Reports.Tests;

/// <summary>
/// Compares text with a snapshot kept beside the tests (Snapshots/NAME.txt). On a difference the new text is
/// written next to it as NAME.received.txt to read and, if right, to copy over the snapshot.
/// </summary>
internal static class Snapshot
{
    public static void Matches(string name, string actual)
    {
        var folder = Path.Combine(SourceFolder(), "Snapshots");
        var expectedPath = Path.Combine(folder, name + ".txt");
        var receivedPath = Path.Combine(folder, name + ".received.txt");
        var expected = File.Exists(expectedPath) ? File.ReadAllText(expectedPath) : null;
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(receivedPath, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {expectedPath} yet: read {receivedPath} and, if it is right, rename it."
            : $"The output differs from {expectedPath}: compare it with {receivedPath}.");
    }

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
