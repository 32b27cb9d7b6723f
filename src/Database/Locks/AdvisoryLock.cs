using System.Globalization;
using Dapper;
using Npgsql;

namespace Outcomes.Database.Locks;

/// <summary>
/// A PostgreSQL session advisory lock held on one connection until disposed. Every process sharing the database sees
/// it, and a process that dies releases it with its connection, so a crash never leaves anything locked. The
/// connection stays the caller's: keep it open for as long as the lock is held, and dispose the lock before it.
/// </summary>
public sealed class AdvisoryLock : IAsyncDisposable
{
    // A null number means "hash the name": one statement serves both kinds of key.
    private const string TryLockSql = "select pg_try_advisory_lock(coalesce(@Number, hashtextextended(@Name, 0)))";
    private const string LockSql = "select pg_advisory_lock(coalesce(@Number, hashtextextended(@Name, 0)))";
    private const string UnlockSql = "select pg_advisory_unlock(coalesce(@Number, hashtextextended(@Name, 0)))";
    private const string TryLockSharedSql = "select pg_try_advisory_lock_shared(coalesce(@Number, hashtextextended(@Name, 0)))";
    private const string LockSharedSql = "select pg_advisory_lock_shared(coalesce(@Number, hashtextextended(@Name, 0)))";
    private const string UnlockSharedSql = "select pg_advisory_unlock_shared(coalesce(@Number, hashtextextended(@Name, 0)))";

    private readonly NpgsqlConnection _connection;

    private AdvisoryLock(NpgsqlConnection connection, AdvisoryLockKey key, bool shared = false)
    {
        _connection = connection;
        Key = key;
        Shared = shared;
    }

    public AdvisoryLockKey Key { get; }

    /// <summary>
    /// True for a shared hold: any number of sessions may hold a key shared at once, and none of them while another
    /// holds it exclusively. A session asking for it exclusively waits for every shared holder, and a shared request
    /// made while that exclusive request waits queues behind it.
    /// </summary>
    public bool Shared { get; }

    /// <summary>
    /// The keys Outcomes takes. The fixed numbers are those the migration runner and the ingest have used since their
    /// first version; they must never change, or a process of an older version would no longer exclude a newer one.
    /// </summary>
    public static class Keys
    {
        /// <summary>
        /// Schema migrations: two processes starting at once take turns. Every scheduled job holds it shared while it runs,
        /// so a migration (which takes it exclusively) waits for the running jobs, and jobs starting meanwhile wait for it.
        /// </summary>
        public static readonly AdvisoryLockKey Migration = AdvisoryLockKey.Fixed("migration", 0x0_7c03_e500_0001);

        /// <summary>Loading drop folders: one ingest at a time per database (the CLI, the demo and the pull jobs).</summary>
        public static readonly AdvisoryLockKey Ingest = AdvisoryLockKey.Fixed("ingest", 0x0_7c03_e500_0002);

        /// <summary>One run at a time of a scheduled job for one scope (a source, a facility, "all").</summary>
        public static AdvisoryLockKey Job(string job, string scope) => AdvisoryLockKey.Hashed($"outcomes-job:{job}:{scope}");
    }

    /// <summary>The lock, or null at once when another session holds it.</summary>
    public static async Task<AdvisoryLock?> TryAcquireAsync(NpgsqlConnection connection, AdvisoryLockKey key, CancellationToken cancellationToken)
    {
        var acquired = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            TryLockSql, Parameters(key), cancellationToken: cancellationToken));
        return acquired ? new AdvisoryLock(connection, key) : null;
    }

    /// <summary>The lock held shared, or null at once when another session holds it exclusively or waits to.</summary>
    public static async Task<AdvisoryLock?> TryAcquireSharedAsync(NpgsqlConnection connection, AdvisoryLockKey key, CancellationToken cancellationToken)
    {
        var acquired = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            TryLockSharedSql, Parameters(key), cancellationToken: cancellationToken));
        return acquired ? new AdvisoryLock(connection, key, shared: true) : null;
    }

    /// <summary>Waits for the lock held shared, as <see cref="AcquireAsync(NpgsqlConnection, AdvisoryLockKey, TimeSpan, CancellationToken)"/> waits for it held exclusively.</summary>
    public static Task<AdvisoryLock> AcquireSharedAsync(
        NpgsqlConnection connection, AdvisoryLockKey key, TimeSpan timeout, CancellationToken cancellationToken) =>
        AcquireAsync(connection, key, timeout, shared: true, cancellationToken);

    /// <summary>
    /// Waits for the lock: at most <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/> for as long as it
    /// takes), then <see cref="TimeoutException"/>. Cancelling <paramref name="cancellationToken"/> cancels the wait on
    /// the server too, so a stopped process leaves no session waiting behind it.
    /// </summary>
    public static Task<AdvisoryLock> AcquireAsync(
        NpgsqlConnection connection, AdvisoryLockKey key, TimeSpan timeout, CancellationToken cancellationToken) =>
        AcquireAsync(connection, key, timeout, shared: false, cancellationToken);

    private static async Task<AdvisoryLock> AcquireAsync(
        NpgsqlConnection connection, AdvisoryLockKey key, TimeSpan timeout, bool shared, CancellationToken cancellationToken)
    {
        if (timeout != Timeout.InfiniteTimeSpan && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A lock's timeout is positive, or Timeout.InfiniteTimeSpan.");
        }

        // Npgsql's command timeout is in whole seconds, 0 meaning none (the connection's default of 30 s must not apply).
        var seconds = timeout == Timeout.InfiniteTimeSpan ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalSeconds));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                shared ? LockSharedSql : LockSql, Parameters(key), commandTimeout: seconds, cancellationToken: cancellationToken));
        }
        catch (NpgsqlException ex) when (ex.InnerException is TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"Another process held the {key.Name} lock for longer than {timeout.TotalSeconds:0.#} s."), ex);
        }

        return new AdvisoryLock(connection, key, shared);
    }

    /// <summary>Releases the lock, also when the caller was cancelled; a connection already gone released it itself.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.ExecuteAsync(new CommandDefinition(Shared ? UnlockSharedSql : UnlockSql, Parameters(Key), cancellationToken: CancellationToken.None));
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The connection is broken or closed (a database restart): the server released the lock with the session.
        }
    }

    private static object Parameters(AdvisoryLockKey key) => new { key.Number, key.Name };
}
