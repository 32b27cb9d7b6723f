using System.Collections.Concurrent;
using Npgsql;

namespace Outcomes.Database.Connection;

/// <summary>
/// One data source per role for a long-running process (the scheduled pipeline): the administrator's, for the job
/// bookkeeping and Hangfire, and one acting as each role, made on first use, for the jobs' work. A job asks for the
/// least role it needs, as a command does (<see cref="OutcomesDatabase.OpenAsync(DatabaseSettings, DatabaseRole, Microsoft.Extensions.Logging.ILogger, CancellationToken)"/>).
/// </summary>
public sealed class RoleDataSources(NpgsqlDataSource admin, string adminConnectionString, IReadOnlyDictionary<DatabaseRole, string>? roleLogins = null)
    : IAsyncDisposable
{
    private readonly ConcurrentDictionary<DatabaseRole, Lazy<NpgsqlDataSource>> _sources = new();

    /// <summary>The administrator's data source (the schema's owner).</summary>
    public NpgsqlDataSource Admin => admin;

    public NpgsqlDataSource For(DatabaseRole role) => role == DatabaseRole.Admin
        ? admin
        : _sources.GetOrAdd(role, r => new Lazy<NpgsqlDataSource>(() => NpgsqlDataSource.Create(OutcomesDatabase.ForRole(
            roleLogins is not null && roleLogins.TryGetValue(r, out var login) ? login : adminConnectionString, r)))).Value;

    /// <summary>Drops every idle pooled connection (after a database restart they are all dead).</summary>
    public void Clear()
    {
        admin.Clear();
        foreach (var source in _sources.Values.Where(s => s.IsValueCreated))
        {
            source.Value.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources.Values.Where(s => s.IsValueCreated))
        {
            await source.Value.DisposeAsync();
        }
    }
}
