using Outcomes.Reports.Disclosure;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

/// <summary>
/// <c>--audience</c> through the real program: the annual review (external by default) written for internal use says so
/// on its page and leaves one audit line, whose login and role the server recorded (the reporter the command acts as);
/// written for its default audience it leaves none.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class ReportAudienceCommandTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-audience-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task An_annual_review_for_internal_use_is_audited_as_the_server_saw_the_reporter_and_one_for_release_is_not()
    {
        var cs = database.ConnectionString;
        var ingest = await CliProcess.RunAsync(cs, "ingest", AnnualDrop.Write(Path.Combine(_folder, "drop")));
        Assert.True(ingest.ExitCode == 0, ingest.Output + ingest.Errors);

        var released = await CliProcess.RunAsync(cs, "annual-review", "--year", "2026", "--out", Path.Combine(_folder, "released"), "--data-through", "2026-09-30");
        Assert.True(released.ExitCode == 0, released.Output + released.Errors);
        Assert.Contains("Audience: external (the default).", released.Output, StringComparison.Ordinal);
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from audit_event where action = 'export.audience_override'"));

        var kept = await CliProcess.RunAsync(cs, "annual-review", "--year", "2026", "--out", Path.Combine(_folder, "kept"), "--data-through", "2026-09-30", "--audience", "internal");
        Assert.True(kept.ExitCode == 0, kept.Output + kept.Errors);
        Assert.Contains("Audience: internal instead of external: recorded in the audit trail.", kept.Output, StringComparison.Ordinal);

        var lines = await database.QueryAsync<(string Subject, string Detail, string Role, string Login)>("""
            select subject, detail, acting_role, database_user
            from audit_event where action = 'export.audience_override'
            """);
        var line = Assert.Single(lines);
        Assert.Equal("annual_review 2026 all facilities", line.Subject);
        Assert.Equal("audience internal instead of external", line.Detail);
        Assert.Equal("outcomes_reporter", line.Role);
        Assert.Equal(await database.ScalarAsync<string>("select session_user::text"), line.Login);
        var page = await File.ReadAllTextAsync(Path.Combine(_folder, "kept", "annual-review-2026.html"));
        Assert.Contains(System.Net.WebUtility.HtmlEncode(DisclosurePolicy.Internal().Statement), page, StringComparison.Ordinal);
        var releasedPage = await File.ReadAllTextAsync(Path.Combine(_folder, "released", "annual-review-2026.html"));
        Assert.Contains(System.Net.WebUtility.HtmlEncode(DisclosurePolicy.External().Statement), releasedPage, StringComparison.Ordinal);
    }
}
