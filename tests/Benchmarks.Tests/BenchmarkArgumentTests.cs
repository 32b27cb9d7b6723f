using Outcomes.Database.Connection;
using Xunit;

namespace Outcomes.Benchmarks.Tests;

public sealed class BenchmarkArgumentTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("outcomes-bench-").FullName;

    [Theory]
    [InlineData("ingest", "--rows", "0")]
    [InlineData("ingest", "--rows", "-5")]
    [InlineData("ingest", "--rows", "99999999999999")]
    [InlineData("ingest", "--rows", "1e6")]
    [InlineData("analyze", "--episodes", "0")]
    [InlineData("analyze", "--sessions-per-episode", "201")]
    [InlineData("model", "--rows", "999")]
    [InlineData("landmarks", "--episodes", "999")]
    [InlineData("report", "--facility", "../x")]
    [InlineData("scale", "--episodes", "1000")]
    [InlineData("scale", "--episodes", "2000,2000")]
    [InlineData("scale", "--episodes", "999,2000")]
    [InlineData("scale", "--episodes", "2000,x")]
    [InlineData("scale", "--project-to", "0")]
    [InlineData("scale", "--training-rows", "999")]
    [InlineData("scale", "--warm-up-episodes", "-1")]
    [InlineData("nonsense")]
    public async Task A_value_a_benchmark_cannot_use_is_refused_before_anything_runs(params string[] args)
    {
        using var output = new StringWriter();
        // No server at all: a refused argument must not reach for one.
        using var context = new BenchContext(output, TimeProvider.System, DatabaseSettings.Validate("Host=127.0.0.1;Port=1;Username=nobody;Database=none"), _work, "never_made");

        var exit = await BenchCommands.RunAsync(args, context);

        Assert.Equal(2, exit);
        Assert.Equal("", output.ToString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_work));
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
