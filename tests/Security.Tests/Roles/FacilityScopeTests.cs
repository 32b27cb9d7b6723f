using Dapper;
using Npgsql;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;
using Xunit;

namespace Outcomes.Security.Tests.Roles;

/// <summary>
/// Row-level security by facility: a login limited to one facility reads only that facility's rows, whatever role it
/// acts as, and cannot write rows of another; counts are compared with the owner's view of the same facility.
/// </summary>
[Collection(SecuredCohortCollection.Name)]
public sealed class FacilityScopeTests(SecuredCohort cohort)
{
    [Fact]
    public async Task A_facility_director_sees_only_the_episodes_of_their_facility()
    {
        var own = cohort.Facilities[0];
        await using var connection = await OpenAsync(await cohort.LoginAsync(DatabaseRole.Reporter, own), DatabaseRole.Reporter);

        var seen = (await connection.QueryAsync<(string Facility, long Episodes)>(
            "select facility_id, count(*) from episode group by 1 order by 1")).ToList();

        var expected = await cohort.Database.ScalarAsync<long>("select count(*) from episode where facility_id = @Own", new { Own = own });
        Assert.Equal([(own, expected)], seen);
        Assert.True(await cohort.Database.ScalarAsync<long>("select count(*) from episode where facility_id <> @Own", new { Own = own }) > 0);
    }

    [Fact]
    public async Task A_facility_director_sees_their_facility_runs_but_not_the_other_facility_nor_the_whole_network()
    {
        var own = cohort.Facilities[0];
        await using var connection = await OpenAsync(await cohort.LoginAsync(DatabaseRole.Reporter, own), DatabaseRole.Reporter);

        var runs = (await connection.QueryAsync<string?>("select facility_filter from analysis_run")).ToList();
        var figureFacilities = (await connection.QueryAsync<string?>(
            "select distinct r.facility_filter from analysis_figure f join analysis_run r using (run_id)")).ToList();

        Assert.All(runs, r => Assert.Equal(own, r));
        Assert.Equal(await cohort.Database.ScalarAsync<long>("select count(*) from analysis_run where facility_filter = @Own", new { Own = own }), runs.Count);
        Assert.Equal([own], figureFacilities);
        Assert.True(await cohort.Database.ScalarAsync<long>("select count(*) from analysis_run where facility_filter is distinct from @Own", new { Own = own }) >= 2);
        var hidden = await cohort.Database.ScalarAsync<long>(
            "select count(*) from analysis_figure f join analysis_run r using (run_id) where r.facility_filter = @Own", new { Own = own });
        Assert.Equal(hidden, await connection.ExecuteScalarAsync<long>("select count(*) from analysis_figure"));
    }

    [Fact]
    public async Task A_scoped_analyst_reads_only_the_sessions_of_their_facility_episodes()
    {
        var own = cohort.Facilities[1];
        await using var connection = await OpenAsync(await cohort.LoginAsync(DatabaseRole.Analyst, own), DatabaseRole.Analyst);

        var sessions = await connection.ExecuteScalarAsync<long>("select count(*) from attendance_session");
        var screens = await connection.ExecuteScalarAsync<long>("select count(*) from drug_screen");

        Assert.Equal(await cohort.Database.ScalarAsync<long>(
            "select count(*) from attendance_session s join episode e using (episode_key) where e.facility_id = @Own", new { Own = own }), sessions);
        Assert.Equal(await cohort.Database.ScalarAsync<long>(
            "select count(*) from drug_screen s join episode e using (episode_key) where e.facility_id = @Own", new { Own = own }), screens);
    }

    [Fact]
    public async Task Facilities_handed_to_the_episode_check_by_a_direct_call_show_no_more_than_the_login_may_see()
    {
        var (own, other) = (cohort.Facilities[0], cohort.Facilities[1]);
        await using var connection = await OpenAsync(await cohort.LoginAsync(DatabaseRole.Analyst, own), DatabaseRole.Analyst);
        const string first = "select min(episode_key) from episode where facility_id = @Facility";
        var ours = await cohort.Database.ScalarAsync<long>(first, new { Facility = own });
        var theirs = await cohort.Database.ScalarAsync<long>(first, new { Facility = other });

        // The policies hand the login's facilities to episode_in_scope; a caller handing another's is still held to its own.
        Assert.False(await connection.ExecuteScalarAsync<bool>("select episode_in_scope(@Key, array[@Other])", new { Key = theirs, Other = other }));
        Assert.False(await connection.ExecuteScalarAsync<bool>("select episode_in_scope(@Key, array[@Own, @Other])", new { Key = theirs, Own = own, Other = other }));
        Assert.True(await connection.ExecuteScalarAsync<bool>("select episode_in_scope(@Key, array[@Own])", new { Key = ours, Own = own }));
    }

    [Fact]
    public async Task A_figure_is_kept_under_its_runs_facility_even_when_a_client_writes_another()
    {
        var (own, other) = (cohort.Facilities[0], cohort.Facilities[1]);
        await using var connection = await OpenAsync(await cohort.LoginAsync(DatabaseRole.Analyst, own), DatabaseRole.Analyst);
        var run = await cohort.Database.ScalarAsync<Guid>("select run_id from analysis_run where facility_filter = @Own limit 1", new { Own = own });

        // Row-level security keys figures on their run's facility: written as another's, the figure is still the run's.
        await connection.ExecuteAsync("""
            insert into analysis_figure (run_id, metric, facility_id, level_of_care, grouping, n, suppressed, run_facility_filter)
            values (@Run, 'scope_probe', @Own, 'iop', '', 0, false, @Other)
            """, new { Run = run, Own = own, Other = other });

        Assert.Equal([own], await cohort.Database.QueryAsync<string>(
            "select run_facility_filter from analysis_figure where run_id = @Run and metric = 'scope_probe'", new { Run = run }));
    }

    [Fact]
    public async Task An_unscoped_analyst_sees_every_facility()
    {
        await using var dataSource = cohort.As(DatabaseRole.Analyst);
        await using var connection = await dataSource.OpenConnectionAsync();

        Assert.Equal(cohort.Facilities, (await connection.QueryAsync<string>("select distinct facility_id from episode order by 1")).ToList());
        Assert.Equal(await cohort.Database.ScalarAsync<long>("select count(*) from attendance_session"),
            await connection.ExecuteScalarAsync<long>("select count(*) from attendance_session"));
    }

    [Fact]
    public async Task A_scoped_login_cannot_lift_its_limit_by_switching_role()
    {
        var own = cohort.Facilities[0];
        var login = await cohort.LoginAsync(DatabaseRole.Analyst, own);
        await using var connection = new NpgsqlConnection(login);
        await connection.OpenAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("set role outcomes_reporter"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        await connection.ExecuteAsync("set role outcomes_analyst");
        Assert.Equal([own], (await connection.QueryAsync<string>("select distinct facility_id from episode")).ToList());
        await connection.ExecuteAsync("reset role");
        Assert.Equal([own], (await connection.QueryAsync<string>("select distinct facility_id from episode")).ToList());
    }

    [Fact]
    public async Task A_scoped_analyst_cannot_write_a_row_of_another_facility()
    {
        var (own, other) = (cohort.Facilities[0], cohort.Facilities[1]);
        await using var connection = await OpenAsync(await cohort.LoginAsync(DatabaseRole.Analyst, own), DatabaseRole.Analyst);
        await using var transaction = await connection.BeginTransactionAsync();
        const string insert = """
            insert into outcome_target (metric, facility_id, direction, target, effective_from, set_by)
            values ('completion', @Facility, 'at_least', 0.5, date '2026-01-01', 'test')
            """;

        await connection.ExecuteAsync(insert, new { Facility = own }, transaction);
        await connection.ExecuteAsync("savepoint before_other", transaction: transaction);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(insert, new { Facility = other }, transaction));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Contains("row-level security", refused.MessageText, StringComparison.Ordinal);
        await transaction.RollbackAsync();
    }

    [Fact]
    public async Task A_scoped_analyst_exports_only_their_facility_worklist_and_the_export_is_audited()
    {
        var own = cohort.Facilities[1];
        var login = await cohort.LoginAsync(DatabaseRole.Analyst, own);
        await using var connection = await OpenAsync(login, DatabaseRole.Analyst);

        var facilities = (await connection.QueryAsync<string>("select facility_id from flag_worklist(null, 'scoped export test')")).ToList();

        var expected = await cohort.Database.ScalarAsync<long>(
            "select count(*) from risk_flag where status in ('open', 'acknowledged') and facility_id = @Own", new { Own = own });
        Assert.Equal(expected, facilities.Count);
        Assert.All(facilities, f => Assert.Equal(own, f));
        var user = new NpgsqlConnectionStringBuilder(login).Username;
        var audited = await cohort.Database.ScalarAsync<long>(
            "select row_count from audit_event where action = 'export.flag_worklist' and database_user = @User and detail = 'purpose: scoped export test'",
            new { User = user });
        Assert.Equal(expected, audited);
    }

    [Fact]
    public async Task A_logins_scope_is_the_facilities_it_is_limited_to_in_order_or_all_when_unlimited()
    {
        var (first, second) = (cohort.Facilities[0], cohort.Facilities[1]);
        await using var one = NpgsqlDataSource.Create(OutcomesDatabase.ForRole(await cohort.LoginAsync(DatabaseRole.Reporter, first), DatabaseRole.Reporter));
        await using var both = NpgsqlDataSource.Create(OutcomesDatabase.ForRole(await cohort.LoginAsync(DatabaseRole.Reporter, second, first), DatabaseRole.Reporter));
        await using var every = cohort.As(DatabaseRole.Reporter);

        Assert.Equal(FacilityScope.Of(first), await FacilityScope.OfLoginAsync(one));
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), (await FacilityScope.OfLoginAsync(both)).Facilities);
        Assert.Same(FacilityScope.All, await FacilityScope.OfLoginAsync(every));
    }

    [Fact]
    public async Task A_scoped_analyst_reads_only_the_scores_referrals_and_surveys_of_their_facility()
    {
        var own = cohort.Facilities[1];
        await using var connection = await OpenAsync(await cohort.LoginAsync(DatabaseRole.Analyst, own), DatabaseRole.Analyst);

        foreach (var table in new[] { "assessment", "referral", "survey" })
        {
            var all = await cohort.Database.ScalarAsync<long>($"select count(*) from {table}");
            var ours = await cohort.Database.ScalarAsync<long>($"select count(*) from {table} where facility_id = @Own", new { Own = own });
            Assert.True(all > ours && ours > 0, $"the cohort needs {table} rows of both facilities");
            Assert.Equal(ours, await connection.ExecuteScalarAsync<long>($"select count(*) from {table}"));
        }
    }

    [Fact]
    public async Task Only_a_login_not_limited_to_facilities_declares_or_changes_a_program_instrument()
    {
        const string declare = """
            insert into program_instrument (instrument, name, purpose, direction, total_min, total_max, source, batch_id)
            values ('scope_probe', 'probe', 'progress', 'higher_is_worse', 0, 10, 'test', @Batch)
            """;
        var batch = new { Batch = await cohort.Database.ScalarAsync<long>("select max(batch_id) from ingest_batch") };
        await using var scoped = await OpenAsync(await cohort.LoginAsync(DatabaseRole.Ingest, cohort.Facilities[0]), DatabaseRole.Ingest);
        await using (var transaction = await scoped.BeginTransactionAsync())
        {
            // A definition applies to every facility's scores: a facility's own login may read them, not set them.
            Assert.Equal(0, await scoped.ExecuteScalarAsync<long>("select count(*) from program_instrument where instrument = 'scope_probe'", transaction: transaction));
            var refused = await Assert.ThrowsAsync<PostgresException>(() => scoped.ExecuteAsync(declare, batch, transaction));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        await using var dataSource = cohort.As(DatabaseRole.Ingest);
        await using var unscoped = await dataSource.OpenConnectionAsync();
        await using var written = await unscoped.BeginTransactionAsync();
        Assert.Equal(1, await unscoped.ExecuteAsync(declare, batch, written));
        await written.RollbackAsync();
    }

    private static async Task<NpgsqlConnection> OpenAsync(string login, DatabaseRole role)
    {
        var connection = new NpgsqlConnection(OutcomesDatabase.ForRole(login, role));
        await connection.OpenAsync();
        return connection;
    }
}
