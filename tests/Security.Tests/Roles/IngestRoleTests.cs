using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Database.Connection;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Security.Tests.Roles;

/// <summary>The ingest role can do all a load needs, the bulk merge of a sessions file included (it rebuilds indexes).</summary>
public sealed class IngestRoleTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task A_drop_folder_loads_as_the_ingest_role_through_the_bulk_merge()
    {
        var drop = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples", "drop");
        const string indexes = "select string_agg(indexname, ',' order by indexname) from pg_indexes where tablename = 'attendance_session'";
        var before = await _database.ScalarAsync<string>(indexes);
        await using var ingest = Npgsql.NpgsqlDataSource.Create(OutcomesDatabase.ForRole(_database.ConnectionString, DatabaseRole.Ingest));

        var result = await new FolderIngestor(ingest, NullLogger.Instance)
            .IngestAsync(drop, new IngestOptions { Today = new DateOnly(2026, 11, 1), BulkMinRows = 1 });

        Assert.False(result.AnyRejected);
        Assert.True(await _database.ScalarAsync<long>("select count(*) from attendance_session") > 0);
        Assert.True(await _database.ScalarAsync<long>("select count(*) from session_week") > 0);
        Assert.Equal(before, await _database.ScalarAsync<string>(indexes));
    }
}
