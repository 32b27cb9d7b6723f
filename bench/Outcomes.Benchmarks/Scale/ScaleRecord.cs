using System.Text.Json;

namespace Outcomes.Benchmarks.Scale;

/// <summary>
/// The figures of each size as it is measured, one JSON line each, so that a long growth curve can be measured in
/// parts: a size measured again (say, once a build that ran beside it had finished) replaces its earlier line when the
/// table and chart are drawn again (<c>scale --replay</c>).
/// </summary>
internal static class ScaleRecord
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public static void Append(string path, ScaleBenchmark.SizeFigures size) =>
        File.AppendAllText(path, JsonSerializer.Serialize(size, Options) + "\n");

    /// <summary>The sizes recorded in <paramref name="path"/>, smallest first; of a size recorded twice, the later line.</summary>
    public static IReadOnlyList<ScaleBenchmark.SizeFigures> Read(string path) =>
        [.. File.ReadLines(path)
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select((line, index) => (Size: JsonSerializer.Deserialize<ScaleBenchmark.SizeFigures>(line, Options)
                ?? throw new InvalidDataException($"{path}, line {index + 1}: not a size's figures"), index))
            .GroupBy(r => r.Size.Episodes)
            .Select(g => g.MaxBy(r => r.index).Size)
            .OrderBy(s => s.Episodes)];
}
