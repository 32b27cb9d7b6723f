using Outcomes.Database.Embedded;
using Xunit;

namespace Outcomes.TestSupport;

/// <summary>
/// A test that runs PostgreSQL's own programs on this machine: the server programs (initdb, pg_ctl: a cluster of its
/// own), or with <see cref="ClientOnly"/> the client programs (pg_dump, pg_restore). Without <c>OUTCOMES_TEST_DB</c>
/// every database test needs the server programs, so nothing is skipped; with it, the tests may run against another
/// server on a machine without them, and these are skipped with the reason. Never skipped on CI.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LocalPostgresFactAttribute : FactAttribute
{
    private bool _clientOnly;

    public LocalPostgresFactAttribute() => Skip = Reason(clientOnly: false);

    /// <summary>Only pg_dump and pg_restore are needed.</summary>
    public bool ClientOnly
    {
        get => _clientOnly;
        set
        {
            _clientOnly = value;
            Skip = Reason(value);
        }
    }

    private static string? Reason(bool clientOnly)
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TestDatabase.ServerVariable))
            || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            _ = clientOnly ? PostgresBinaries.LocateClient() : PostgresBinaries.Locate();
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return $"{TestDatabase.ServerVariable} names another server and this machine lacks PostgreSQL's " +
                   $"{(clientOnly ? "client" : "server")} programs, which this test runs itself ({ex.Message})";
        }
    }
}
