using Dapper;
using Npgsql;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;
using Outcomes.Database.Embedded;
using Xunit;

namespace Outcomes.Security.Tests.Access;

/// <summary>
/// <c>outcomes access</c> manages the logins of staff and services, never the logins Outcomes itself works through:
/// the red team locked every command out with <c>access remove outcomes</c> and broke the analysis with
/// <c>access add outcomes --facility F</c>. Nothing is changed when a change is refused.
/// </summary>
[Collection(SecuredCohortCollection.Name)]
public sealed class ToolLoginTests(SecuredCohort cohort)
{
    public static TheoryData<string> ToolLogins => [EmbeddedCluster.SuperUser, EmbeddedCluster.OperatorLogin, "outcomes_admin", "outcomes_owner", "postgres"];

    [Theory]
    [MemberData(nameof(ToolLogins))]
    public async Task The_tools_own_logins_cannot_be_removed_or_limited(string login)
    {
        var before = await StateAsync(login);

        var removed = await Assert.ThrowsAsync<InvalidOperationException>(() => AccessControl.RevokeAsync(cohort.Database.DataSource, login));
        var limited = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            AccessControl.GrantAsync(cohort.Database.DataSource, login, DatabaseRole.Reporter, [cohort.Facilities[0]], null));

        Assert.Contains("login", removed.Message, StringComparison.Ordinal);
        Assert.Contains("login", limited.Message, StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(login));
    }

    [Fact]
    public async Task The_login_making_the_change_cannot_remove_or_limit_itself()
    {
        // A login of a name 'access' accepts, made a member of the owner role as a migrating login of a server would be.
        var login = "t_" + Guid.NewGuid().ToString("N")[..20];
        var password = Guid.NewGuid().ToString("N");
        await using (var admin = await cohort.Database.DataSource.OpenConnectionAsync())
        {
            var create = await admin.ExecuteScalarAsync<string>(
                "select format('create role %I login createrole password %L', @Login::text, @Password::text)", new { Login = login, Password = password });
            await admin.ExecuteAsync(create!);
            await admin.ExecuteAsync((await admin.ExecuteScalarAsync<string>("select format('grant outcomes_owner, outcomes_admin to %I with admin option', @Login::text)", new { Login = login }))!);
        }

        try
        {
            await using var self = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(cohort.Database.ConnectionString) { Username = login, Password = password, Pooling = false }.ConnectionString);
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AccessControl.GrantAsync(self, login, DatabaseRole.Reporter, [cohort.Facilities[0]], null));
            Assert.Contains("making this change", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, await cohort.Database.ScalarAsync<long>("select count(*) from facility_access where login_name = @Login", new { Login = login }));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = await cohort.Database.DataSource.OpenConnectionAsync();
            await admin.ExecuteAsync((await admin.ExecuteScalarAsync<string>("select format('drop role %I', @Login::text)", new { Login = login }))!);
        }
    }

    [Fact]
    public async Task A_staff_login_is_still_added_limited_and_removed()
    {
        var login = await cohort.LoginAsync(DatabaseRole.Reporter, cohort.Facilities[0]);
        var name = new NpgsqlConnectionStringBuilder(login).Username!;

        await AccessControl.RevokeAsync(cohort.Database.DataSource, name);

        Assert.False(await cohort.Database.ScalarAsync<bool>("select rolcanlogin from pg_roles where rolname = @Name", new { Name = name }));
        Assert.Equal(0, await cohort.Database.ScalarAsync<long>("select count(*) from facility_access where login_name = @Name", new { Name = name }));
    }

    private async Task<string> StateAsync(string login) =>
        await cohort.Database.ScalarAsync<string>("""
            select coalesce((select rolcanlogin::text || ' ' || rolsuper::text from pg_roles where rolname = @Login), 'none') || ' ' ||
                   (select count(*) from facility_access where login_name = @Login)::text
            """, new { Login = login });
}
