namespace Outcomes.Database.Migrations;

/// <summary>
/// The database's schema was migrated by a newer build than this one. An older build does not know what the newer
/// migrations changed, so it neither works on the data nor migrates (its grants would undo the newer ones): it stops,
/// or a running server refuses each job, and says which build to run instead (docs/jobs.md, "Upgrading").
/// </summary>
public sealed class SchemaNewerThanBuildException(int databaseVersion, int buildVersion) : InvalidOperationException(
    $"The database's schema is at version {databaseVersion:0000}, newer than this build of Outcomes, which knows versions up to {buildVersion:0000}: " +
    "a newer build has migrated it. Run that build or a newer one; an older build neither starts nor runs jobs against a newer schema (docs/jobs.md, \"Upgrading\").")
{
    /// <summary>The highest migration applied to the database.</summary>
    public int DatabaseVersion { get; } = databaseVersion;

    /// <summary>The highest migration this build carries.</summary>
    public int BuildVersion { get; } = buildVersion;

    /// <summary>Throws when <paramref name="status"/> shows a migration this build does not carry.</summary>
    public static void ThrowIfNewer(SchemaStatus status)
    {
        if (status.NewerThanBuild)
        {
            throw new SchemaNewerThanBuildException(status.AppliedVersion!.Value, status.LatestVersion);
        }
    }
}
