namespace Outcomes.Database.Connection;

/// <summary>
/// The database role a command acts as (docs/security.md). The group roles are created by migration 0015 and granted
/// by db/grants.sql; a command asks for the least of them that can do its work.
/// </summary>
public enum DatabaseRole
{
    /// <summary>Loads drop folders: writes the core tables, the ledger and the quarantine.</summary>
    Ingest,

    /// <summary>Reads the clinical tables without identities; writes analysis runs, models, scores, flags, targets.</summary>
    Analyst,

    /// <summary>Reads the stored analysis runs and the aggregates reports draw on.</summary>
    Reporter,

    /// <summary>The account that migrates: schema changes, facility scoping, the audit trail, backups.</summary>
    Admin,
}

public static class DatabaseRoles
{
    public static IReadOnlyList<DatabaseRole> All { get; } = [DatabaseRole.Ingest, DatabaseRole.Analyst, DatabaseRole.Reporter, DatabaseRole.Admin];

    /// <summary>The PostgreSQL group role, e.g. outcomes_analyst.</summary>
    public static string RoleName(this DatabaseRole role) => role switch
    {
        DatabaseRole.Ingest => "outcomes_ingest",
        DatabaseRole.Analyst => "outcomes_analyst",
        DatabaseRole.Reporter => "outcomes_reporter",
        DatabaseRole.Admin => "outcomes_admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>The word used on the command line and in settings, e.g. analyst.</summary>
    public static string Word(this DatabaseRole role) => role.ToString().ToLowerInvariant();

    public static DatabaseRole Parse(string word, string setting)
    {
        foreach (var role in All)
        {
            if (string.Equals(role.Word(), word.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return role;
            }
        }

        throw new InvalidOperationException($"{setting}: expected one of {string.Join(", ", All.Select(r => r.Word()))}.");
    }
}
