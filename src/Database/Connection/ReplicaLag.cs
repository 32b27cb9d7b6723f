using Dapper;
using Npgsql;

namespace Outcomes.Database.Connection;

/// <summary>
/// How far a hot standby is behind its primary: the bytes of WAL the primary has written that the standby has not yet
/// replayed, and, when it is behind, how long ago the standby replayed its last transaction (zero when it has replayed
/// everything: an idle primary is no lag). Measured with functions any login may call, on both servers.
/// </summary>
/// <param name="IsStandby">Whether the server is in recovery at all; false for a primary named as a standby.</param>
/// <param name="Bytes">WAL bytes written on the primary and not replayed on the standby.</param>
/// <param name="Behind">How long since the standby replayed a transaction, when it is behind; zero when it is not.</param>
/// <param name="ReplayPaused">Whether replay was paused on the standby (<c>pg_wal_replay_pause()</c>).</param>
/// <param name="StandbyHoldsThrough">The time of the last transaction the standby replayed, when it has replayed any.</param>
public sealed record ReplicaLag(bool IsStandby, decimal Bytes, TimeSpan Behind, bool ReplayPaused, DateTimeOffset? StandbyHoldsThrough)
{
    /// <summary>Behind by more than this, reports still read the standby but say so, and <c>outcomes status --check</c> warns.</summary>
    public static readonly TimeSpan WarnAfter = TimeSpan.FromMinutes(5);

    public bool IsLarge => Behind > WarnAfter;

    /// <summary>Measures the lag of <paramref name="standby"/> behind <paramref name="primary"/>.</summary>
    public static async Task<ReplicaLag> MeasureAsync(NpgsqlDataSource primary, NpgsqlDataSource standby, CancellationToken cancellationToken = default)
    {
        // The standby is read first: a primary position read after it can only be ahead, so a lag is never hidden.
        const string standbySql = """
            select pg_is_in_recovery() as IsStandby,
                   coalesce(pg_last_wal_replay_lsn() - '0/0'::pg_lsn, 0) as Replayed,
                   pg_last_xact_replay_timestamp() as LastReplayed,
                   case when pg_is_in_recovery() then pg_is_wal_replay_paused() else false end as Paused,
                   now() as Now
            """;
        const string primarySql = "select pg_current_wal_lsn() - '0/0'::pg_lsn";
        StandbyRow row;
        await using (var connection = await standby.OpenConnectionAsync(cancellationToken))
        {
            row = await connection.QuerySingleAsync<StandbyRow>(new CommandDefinition(standbySql, cancellationToken: cancellationToken));
        }

        if (!row.IsStandby)
        {
            return new ReplicaLag(false, 0, TimeSpan.Zero, false, null);
        }

        decimal written;
        await using (var connection = await primary.OpenConnectionAsync(cancellationToken))
        {
            written = await connection.ExecuteScalarAsync<decimal>(new CommandDefinition(primarySql, cancellationToken: cancellationToken));
        }

        var bytes = Math.Max(0, written - row.Replayed);
        var behind = bytes == 0 || row.LastReplayed is not { } last ? TimeSpan.Zero : Max(TimeSpan.Zero, row.Now - last);
        return new ReplicaLag(true, bytes, behind, row.Paused, row.LastReplayed is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null);
    }

    /// <summary>
    /// Waits until <paramref name="standby"/> has replayed everything <paramref name="primary"/> had written when called:
    /// what was just stored on the primary (an analysis run) is then there to read on the standby. Gives up after
    /// <paramref name="timeout"/> with a message naming the lag.
    /// </summary>
    public static async Task WaitForReplayAsync(NpgsqlDataSource primary, NpgsqlDataSource standby, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        decimal written;
        await using (var connection = await primary.OpenConnectionAsync(cancellationToken))
        {
            written = await connection.ExecuteScalarAsync<decimal>(new CommandDefinition("select pg_current_wal_lsn() - '0/0'::pg_lsn", cancellationToken: cancellationToken));
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await using var standbyConnection = await standby.OpenConnectionAsync(cancellationToken);
        try
        {
            while (true)
            {
                var replayed = await standbyConnection.ExecuteScalarAsync<decimal>(new CommandDefinition(
                    "select coalesce(pg_last_wal_replay_lsn() - '0/0'::pg_lsn, 0)", cancellationToken: cancellationToken));
                if (replayed >= written)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var lag = await MeasureAsync(primary, standby, cancellationToken);
            throw new InvalidOperationException(
                $"The standby of {DatabaseSettings.ReadConnectionVariable} did not replay what was just stored on the primary within " +
                $"{timeout.TotalSeconds:0} s ({lag.Describe()}). Check replication, or unset {DatabaseSettings.ReadConnectionVariable} to read from the primary.");
        }
    }

    /// <summary>The lag in words, e.g. "replaying, 2.4 s behind (16,384 bytes of WAL)" or "caught up".</summary>
    public string Describe()
    {
        if (!IsStandby)
        {
            return "not a standby: the server accepts writes";
        }

        var state = ReplayPaused ? "replay paused" : "replaying";
        return Bytes == 0
            ? $"caught up{(ReplayPaused ? " (replay paused)" : "")}"
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{state}, {Words(Behind)} behind ({Bytes:N0} bytes of WAL)");
    }

    private static string Words(TimeSpan span) => span.TotalSeconds < 120
        ? span.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s"
        : span.TotalMinutes < 120 ? span.TotalMinutes.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " min"
        : span.TotalHours.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " h";

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed record StandbyRow(bool IsStandby, decimal Replayed, DateTime? LastReplayed, bool Paused, DateTime Now);
}
