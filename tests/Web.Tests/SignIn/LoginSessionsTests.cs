using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;
using Outcomes.TestSupport;
using Outcomes.Web.SignIn;

namespace Outcomes.Web.Tests.SignIn;

/// <summary>
/// The server side of a web session on a clock the test moves: a session ends when unused for the idle time or at its
/// absolute limit, closing the login's connections with it; wrong passwords are counted per window. Real PostgreSQL
/// checks every password (SCRAM-SHA-256).
/// </summary>
public sealed class LoginSessionsTests : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string Password = "the session tests' passphrase";
    private readonly TestDatabase _database;
    private readonly string _login = "s_" + Guid.NewGuid().ToString("N")[..16];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private readonly NpgsqlDataSource _server;

    public LoginSessionsTests(TestDatabase database)
    {
        _database = database;
        _server = NpgsqlDataSource.Create(OutcomesDatabase.ForRole(database.ConnectionString, DatabaseRole.Admin));
    }

    public Task InitializeAsync() => AccessControl.GrantAsync(_database.DataSource, _login, DatabaseRole.Analyst, [], Password);

    [Fact]
    public async Task A_session_unused_for_the_idle_time_ends_and_its_connections_close_with_it()
    {
        await using var sessions = Sessions(new WebOptions { IdleMinutes = 20 });
        var session = (await sessions.SignInAsync(_login, Password, default)).Session!;
        await using (var connection = await session.DataSource.OpenConnectionAsync())
        {
            Assert.Equal(_login, await connection.ExecuteScalarAsync<string>("select session_user::text"));
        }

        _time.Advance(TimeSpan.FromMinutes(19));
        Assert.Same(session, await sessions.FindAsync(session.Id));
        _time.Advance(TimeSpan.FromMinutes(19));
        Assert.Same(session, await sessions.FindAsync(session.Id));
        _time.Advance(TimeSpan.FromMinutes(20));

        Assert.Null(await sessions.FindAsync(session.Id));
        Assert.Equal(0, sessions.Count);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await session.DataSource.OpenConnectionAsync());
    }

    [Fact]
    public async Task A_busy_session_ends_at_its_absolute_limit_and_the_sweeper_ends_idle_ones_without_a_request()
    {
        await using var sessions = Sessions(new WebOptions { IdleMinutes = 15, SessionHours = 1 });
        var busy = (await sessions.SignInAsync(_login, Password, default)).Session!;
        for (var minute = 10; minute < 60; minute += 10)
        {
            _time.Advance(TimeSpan.FromMinutes(10));
            Assert.NotNull(await sessions.FindAsync(busy.Id));
        }

        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(await sessions.FindAsync(busy.Id));

        var idle = (await sessions.SignInAsync(_login, Password, default)).Session!;
        _time.Advance(TimeSpan.FromMinutes(15));
        await sessions.SweepAsync();
        Assert.Equal(0, sessions.Count);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await idle.DataSource.OpenConnectionAsync());
    }

    [Fact]
    public async Task Wrong_passwords_lock_only_when_enough_fall_within_one_window_and_the_lock_ends_after_its_time()
    {
        await using var sessions = Sessions(new WebOptions { MaxFailedSignIns = 3, LockoutMinutes = 15 });
        Assert.Equal(SignInResult.WrongLoginOrPassword, (await sessions.SignInAsync(_login, "wrong", default)).Refusal);
        Assert.Equal(SignInResult.WrongLoginOrPassword, (await sessions.SignInAsync(_login, "wrong", default)).Refusal);
        _time.Advance(TimeSpan.FromMinutes(16));
        // A new window: two more wrong passwords do not lock, the third of the window does.
        Assert.Null((await sessions.SignInAsync(_login, "wrong", default)).LockedUntil);
        Assert.Null((await sessions.SignInAsync(_login, "wrong", default)).LockedUntil);
        var locked = await sessions.SignInAsync(_login, "wrong", default);
        Assert.Equal(_time.GetUtcNow().AddMinutes(15), locked.LockedUntil);

        _time.Advance(TimeSpan.FromMinutes(14));
        Assert.NotNull((await sessions.SignInAsync(_login, Password, default)).LockedUntil);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.NotNull((await sessions.SignInAsync(_login, Password, default)).Session);
        Assert.Equal(0, await _database.ScalarAsync<long>("select count(*) from web_sign_in_failure where login_name = @Login", new { Login = _login }));
    }

    [Fact]
    public async Task A_name_no_login_could_have_is_refused_without_a_database_round_trip_or_a_count()
    {
        await using var sessions = Sessions(new WebOptions());
        const string counted = "select count(*) from web_sign_in_failure";
        var before = await _database.ScalarAsync<long>(counted);
        var refused = await sessions.SignInAsync("Robert'); drop table students;--", Password, default);

        Assert.Equal(SignInResult.WrongLoginOrPassword, refused.Refusal);
        Assert.Equal(before, await _database.ScalarAsync<long>(counted));
    }

    private LoginSessions Sessions(WebOptions options) =>
        new(new WebDatabase(_server, _database.ConnectionString, () => DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime)),
            options, _time, NullLogger<LoginSessions>.Instance);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await using var admin = new NpgsqlConnection(await TestDatabase.AdminConnectionStringAsync());
        await admin.OpenAsync();
        var drop = await admin.ExecuteScalarAsync<string>("select format('drop role if exists %I', @Login::text)", new { Login = _login });
        await admin.ExecuteAsync(drop!);
    }
}
