using Outcomes.Benchmarks.Scale;
using Xunit;

namespace Outcomes.Benchmarks.Tests;

public sealed class ScaleRecordTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"scale-record-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public async Task A_size_measured_again_replaces_its_earlier_figures_and_the_replay_fits_the_sizes_in_order()
    {
        ScaleRecord.Append(_file, Size(1_000_000, seconds: 40));
        ScaleRecord.Append(_file, Size(2_000_000, seconds: 80));
        ScaleRecord.Append(_file, Size(500_000, seconds: 99)); // disturbed by other work
        ScaleRecord.Append(_file, Size(500_000, seconds: 20)); // measured again, quiet

        var sizes = ScaleRecord.Read(_file);

        Assert.Equal([500_000, 1_000_000, 2_000_000], sizes.Select(s => s.Episodes));
        Assert.Equal([20.0, 40.0, 80.0], sizes.Select(s => s.Seconds[0]));
        Assert.Equal(TimeSpan.FromSeconds(123.5), sizes[0].Build);
        Assert.Equal(1.0, ScaleReport.Fits(sizes)[0].Exponent, 9);

        // The replay measures nothing, so it needs no server.
        using var output = new StringWriter();
        using var context = new BenchContext(output, TimeProvider.System, settings: null!, Path.GetTempPath());
        var exit = await BenchCommands.RunAsync(["scale", "--replay", _file], context);
        Assert.Equal(0, exit);
        Assert.Matches(@"a month's analysis +20\.0 +40\.0 +80\.0 +1\.00 ± 0\.00", output.ToString());
    }

    private static ScaleBenchmark.SizeFigures Size(int episodes, double seconds) =>
        new(episodes, 2, episodes * 20L, TimeSpan.FromSeconds(123.5), [seconds, seconds, seconds, seconds, seconds], episodes / 25, episodes * 7 / 10, 1.0, 1.2);
}
