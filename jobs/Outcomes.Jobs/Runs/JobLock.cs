using Dapper;
using Npgsql;

namespace Outcomes.Jobs.Runs;

/// <summary>
/// A PostgreSQL advisory lock named for a job and what it is about (a source, a facility), held on a connection of its
/// own for as long as the run lasts. Every server sharing the database sees it, and a server that dies releases it
/// with its connection, so a crash never leaves a job locked out.
/// </summary>
public sealed class JobLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly string _name;

    private JobLock(NpgsqlConnection connection, string name)
    {
        _connection = connection;
        _name = name;
    }

    /// <summary>The lock, or null when another run holds it.</summary>
    public static async Task<JobLock?> TryAcquireAsync(NpgsqlDataSource dataSource, string name, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var acquired = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select pg_try_advisory_lock(hashtextextended(@Name, 0))", new { Name = LockName(name) }, cancellationToken: cancellationToken));
            if (acquired)
            {
                return new JobLock(connection, name);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.ExecuteAsync(new CommandDefinition(
                "select pg_advisory_unlock(hashtextextended(@Name, 0))", new { Name = LockName(_name) }, cancellationToken: CancellationToken.None));
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The connection is gone (database restarted): the server released the lock with it.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }

    private static string LockName(string name) => "outcomes-job:" + name;
}
