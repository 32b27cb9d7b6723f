using Dapper;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Analytics.Targets;
using Outcomes.Database.Audit;
using Outcomes.Database.Connection;
using Xunit;

namespace Outcomes.Security.Tests.Audit;

/// <summary>The audit trail records who (login, role, operating-system account) did what, and cannot be rewritten.</summary>
[Collection(SecuredCohortCollection.Name)]
public sealed class AuditTrailTests(SecuredCohort cohort)
{
    [Fact]
    public async Task A_flag_review_is_recorded_with_the_login_the_role_and_the_os_account()
    {
        var flag = await cohort.Database.ScalarAsync<long>("select min(flag_id) from risk_flag where status = 'open'");
        await using var analyst = cohort.As(DatabaseRole.Analyst);

        await new FlagStore(analyst).ReviewAsync(
            new FlagReview(flag, "acknowledged", FlagStatus.ReviewerRoles[0], "JD", null, null), TimeProvider.System.GetUtcNow());

        var row = (await cohort.Database.QueryAsync<AuditRow>(
            "select database_user as DatabaseUser, acting_role as ActingRole, os_user as OsUser, detail as Detail from audit_event " +
            "where action = 'flag.review' and subject = @Subject", new { Subject = $"flag {flag}" })).Single();
        Assert.Equal(await cohort.Database.ScalarAsync<string>("select current_user"), row.DatabaseUser);
        Assert.Equal("outcomes_analyst", row.ActingRole);
        Assert.Equal(OutcomesDatabase.OsUser(), row.OsUser);
        Assert.Equal($"open -> acknowledged by {FlagStatus.ReviewerRoles[0]}", row.Detail);
    }

    [Fact]
    public async Task A_new_target_is_recorded()
    {
        await using var analyst = cohort.As(DatabaseRole.Analyst);
        var id = await new TargetStore(analyst).AddAsync(new OutcomeTarget
        {
            Metric = "completion",
            AtLeast = true,
            Target = 0.55,
            FacilityId = cohort.Facilities[0],
            EffectiveFrom = new DateOnly(2030, 1, 1),
            SetBy = "quality lead",
        });

        var actions = await cohort.Database.QueryAsync<string>("select action from audit_event where subject = @Subject", new { Subject = $"target {id}" });
        Assert.Equal(["target.set"], actions);
    }

    [Fact]
    public async Task A_recorded_line_is_listed_newest_first_and_read_back_as_written()
    {
        await using var reporter = cohort.As(DatabaseRole.Reporter);
        await AuditLog.RecordAsync(reporter, new AuditEntry("export.listing_test", "2026-06 FAC-TEST: listing.xlsx", Guid.Parse("6f1c1d36-8a71-4c6e-a0b4-2d3d6b1f0a11"), 42, "first"));
        await AuditLog.RecordAsync(reporter, new AuditEntry("export.listing_test", "2026-06 FAC-TEST: listing.xlsx", null, null, "second"));

        await using var admin = cohort.As(DatabaseRole.Admin);
        var listed = await AuditLog.ListAsync(admin, null, "export.listing_test", 10);

        Assert.Equal(["second", "first"], listed.Select(l => l.Detail));
        Assert.Equal("outcomes_reporter", listed[1].ActingRole);
        Assert.Equal(42, listed[1].RowCount);
        Assert.Equal(Guid.Parse("6f1c1d36-8a71-4c6e-a0b4-2d3d6b1f0a11"), listed[1].RunId);
    }

    [Theory]
    [InlineData("update audit_event set detail = 'rewritten'")]
    [InlineData("delete from audit_event")]
    [InlineData("truncate audit_event")]
    public async Task The_trail_cannot_be_rewritten_even_by_the_owner(string sql)
    {
        await using (var reporter = cohort.As(DatabaseRole.Reporter))
        {
            await AuditLog.RecordAsync(reporter, new AuditEntry("export.test", "kept"));
        }

        var before = await cohort.Database.ScalarAsync<long>("select count(*) from audit_event");
        var error = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var connection = await cohort.Database.DataSource.OpenConnectionAsync();
            await connection.ExecuteAsync(sql);
        });

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        Assert.True(await cohort.Database.ScalarAsync<long>("select count(*) from audit_event") >= before);
    }

    private sealed record AuditRow(string DatabaseUser, string ActingRole, string? OsUser, string? Detail);
}
