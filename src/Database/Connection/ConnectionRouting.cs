using System.Data.Common;
using System.Runtime.CompilerServices;
using Npgsql;

namespace Outcomes.Database.Connection;

/// <summary>
/// The one place deciding which server a piece of work reaches when <c>OUTCOMES_READ_CONNECTION</c> names a hot standby:
/// reports and the web pages read from the standby; ingest, the jobs, the analysis (which stores its runs) and every
/// line of the audit trail go to the primary. A data source reading from the standby keeps its primary twin
/// (<see cref="WritesOf"/>), so that a write made in the course of read-only work — the audit line of a workbook written,
/// a page viewed — still reaches the primary. The standby refuses any other write (SQLSTATE 25006).
/// </summary>
public static class ConnectionRouting
{
    private static readonly ConditionalWeakTable<NpgsqlDataSource, NpgsqlDataSource> Primaries = new();

    /// <summary>Whether <paramref name="workload"/> reads from the standby when one is configured.</summary>
    public static bool ReadsFromStandby(Workload workload) => workload switch
    {
        Workload.Reports or Workload.WebPages => true,
        Workload.Ingest or Workload.Jobs or Workload.Analysis or Workload.Audit => false,
        _ => throw new ArgumentOutOfRangeException(nameof(workload)),
    };

    /// <summary>
    /// The connection string of <paramref name="login"/> on the standby of <paramref name="readConnection"/>: the standby's
    /// host, port, database and every other setting it names replace the login's; the login and its password stay, since
    /// logins replicate with everything else. A user name or password in the read connection replaces the login's only
    /// when <paramref name="replacesLogin"/> (the login of <c>OUTCOMES_CONNECTION</c> itself, not a role's own login).
    /// </summary>
    public static string ReadTwin(string login, string readConnection, bool replacesLogin)
    {
        var twin = new NpgsqlConnectionStringBuilder(login);
        var given = new DbConnectionStringBuilder { ConnectionString = readConnection };
        foreach (string key in given.Keys)
        {
            var one = new NpgsqlConnectionStringBuilder { [key] = given[key] };
            if (!replacesLogin && (one.Username is not null || one.Password is not null))
            {
                continue;
            }

            twin[key] = given[key];
        }

        return twin.ConnectionString;
    }

    /// <summary>Records that <paramref name="standby"/> reads from a standby whose writes go to <paramref name="primary"/>.</summary>
    public static void Pair(NpgsqlDataSource standby, NpgsqlDataSource primary) => Primaries.AddOrUpdate(standby, primary);

    /// <summary>Where a write made through <paramref name="dataSource"/> goes: its primary twin when it reads from a standby, else itself.</summary>
    public static NpgsqlDataSource WritesOf(NpgsqlDataSource dataSource) =>
        Primaries.TryGetValue(dataSource, out var primary) ? primary : dataSource;

    /// <summary>Whether <paramref name="dataSource"/> reads from a standby (it was paired with a primary).</summary>
    public static bool ReadsFromStandby(NpgsqlDataSource dataSource) => Primaries.TryGetValue(dataSource, out _);
}
