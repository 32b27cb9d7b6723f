using Microsoft.Extensions.Hosting;
using Npgsql;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Hosting;

namespace Outcomes.Jobs.Tests.Hosting;

/// <summary>
/// The job server of <c>outcomes serve</c> inside the test process. Hangfire keeps some state in statics (the current
/// storage, global filters), so tests that run one are in the <see cref="InProcessServerCollection"/> and never overlap.
/// </summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private InProcessServer(IHost host) => Host = host;

    public IHost Host { get; }

    public static async Task<InProcessServer> StartAsync(JobsOptions options, string connectionString, NpgsqlDataSource dataSource, string name)
    {
        var host = JobsHost.Build(options, connectionString, dataSource, TimeProvider.System, name);
        await host.StartAsync();
        return new InProcessServer(host);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class InProcessServerCollection
{
    public const string Name = "in-process job server";
}
