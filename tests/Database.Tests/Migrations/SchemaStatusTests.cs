using Outcomes.Database.Migrations;
using Xunit;

namespace Outcomes.Database.Tests.Migrations;

/// <summary>What <c>outcomes db status</c> says of the schema: not created, or the version applied against this build's.</summary>
public sealed class SchemaStatusTests
{
    [Fact]
    public async Task A_database_without_the_migration_ledger_has_no_schema_version_and_is_not_up_to_date()
    {
        await using var database = await EmptyDatabase.CreateAsync();
        await using var connection = await database.DataSource.OpenConnectionAsync();

        var status = await SchemaStatus.ReadAsync(connection);

        Assert.Equal(new SchemaStatus(null, MigrationRunner.Embedded()[^1].Version), status);
        Assert.False(status.UpToDate);
    }

    [Fact]
    public async Task A_migrated_database_has_this_builds_latest_version_and_is_up_to_date()
    {
        await using var database = await EmptyDatabase.CreateAsync();
        await new MigrationRunner().MigrateAsync(database.DataSource);
        await using var connection = await database.DataSource.OpenConnectionAsync();

        var status = await SchemaStatus.ReadAsync(connection);

        Assert.Equal(MigrationRunner.Embedded()[^1].Version, status.AppliedVersion);
        Assert.True(status.UpToDate);
    }
}
