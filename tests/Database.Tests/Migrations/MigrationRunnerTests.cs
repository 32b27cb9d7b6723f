using Dapper;
using Npgsql;
using Outcomes.Database.Migrations;
using Xunit;

namespace Outcomes.Database.Tests.Migrations;

public sealed class MigrationRunnerTests
{
    [Fact]
    public async Task Running_the_migrations_twice_applies_nothing_the_second_time()
    {
        await using var database = await EmptyDatabase.CreateAsync();
        var runner = new MigrationRunner();

        var first = await runner.MigrateAsync(database.DataSource);
        var second = await runner.MigrateAsync(database.DataSource);

        Assert.Equal(MigrationRunner.Embedded().Select(m => m.Version), first.Select(m => m.Version));
        Assert.Empty(second);
    }

    [Fact]
    public async Task Two_processes_migrating_at_once_apply_each_version_exactly_once()
    {
        await using var database = await EmptyDatabase.CreateAsync();
        await using var otherProcess = NpgsqlDataSource.Create(database.ConnectionString);

        var results = await Task.WhenAll(
            Task.Run(() => new MigrationRunner().MigrateAsync(database.DataSource)),
            Task.Run(() => new MigrationRunner().MigrateAsync(otherProcess)));

        Assert.Equal(MigrationRunner.Embedded().Count, results.Sum(r => r.Count));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var versions = (await connection.QueryAsync<int>("select version from schema_migration order by version")).ToList();
        Assert.Equal(MigrationRunner.Embedded().Select(m => m.Version), versions);
    }

    [Fact]
    public async Task A_migration_edited_after_it_was_applied_is_refused_with_its_number()
    {
        await using var database = await EmptyDatabase.CreateAsync();
        await new MigrationRunner().MigrateAsync(database.DataSource);
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update schema_migration set checksum = 'edited' where version = 1");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new MigrationRunner().MigrateAsync(database.DataSource));

        Assert.Contains("0001", error.Message, StringComparison.Ordinal);
        Assert.Contains("changed after it was applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embedded_migrations_are_numbered_from_one_without_gaps()
    {
        var versions = MigrationRunner.Embedded().Select(m => m.Version).ToList();

        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
    }
}
