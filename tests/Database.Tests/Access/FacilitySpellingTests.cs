using Dapper;
using Outcomes.Database.Access;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Database.Tests.Access;

/// <summary>
/// A facility id as typed resolves to the spelling the data holds, as the ingest matches ids: NORTH and north were both
/// stored (before the ingest matched ids without regard to case), South alone, and EAST and East both.
/// </summary>
public sealed class FacilitySpellingTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            delete from facility;
            with batch as (
                insert into ingest_batch (run_id, file_name, entity, sha256, status, software_version)
                values (gen_random_uuid(), 'programs.csv', 'programs', '', 'committed', 'test') returning batch_id)
            insert into facility (facility_id, first_batch_id)
            select f, (select batch_id from batch) from unnest(array['NORTH', 'north', 'South', 'EAST', 'East']) f;
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("NORTH", "NORTH")]
    [InlineData("north", "north")]
    [InlineData("South", "South")]
    [InlineData("SOUTH", "South")]
    [InlineData("south", "South")]
    [InlineData("east", "east")]
    [InlineData("West", "West")]
    public async Task An_exact_match_wins_then_the_one_id_differing_only_in_case_else_the_id_as_given(string given, string stored)
    {
        Assert.Equal(stored, await FacilitySpelling.StoredAsync(database.DataSource, given));
    }

    [Fact]
    public async Task No_facility_given_stays_all_facilities()
    {
        Assert.Null(await FacilitySpelling.StoredAsync(database.DataSource, null));
    }
}
