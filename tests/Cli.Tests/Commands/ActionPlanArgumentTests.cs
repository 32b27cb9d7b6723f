using System.Globalization;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

/// <summary><c>outcomes actions add</c> stores what its arguments mean in one canonical spelling, through the real program.</summary>
public sealed class ActionPlanArgumentTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Theory]
    [InlineData("2026-q3", "2026-Q3")]
    [InlineData(" 2026-Q3 ", "2026-Q3")]
    [InlineData("12M:2026-10", "12m:2026-10")]
    [InlineData("2026-10", "2026-10")]
    [InlineData("2026", "2026")]
    public async Task A_period_is_stored_in_its_canonical_form_with_the_owner_role_in_lower_case(string given, string stored)
    {
        var target = await TargetAsync();

        var add = await CliProcess.RunAsync(database.ConnectionString, "actions", "add", "--target", target, "--period", given,
            "--action", "  Same-day calls after a missed group  ", "--owner-role", "Program   Director", "--due", "2026-12-31", "--decided-on", "2026-11-02");

        Assert.True(add.ExitCode == 0, add.Output + add.Errors);
        var plan = (await database.QueryAsync<(string Period, string Action, string Owner)>(
            "select period_label, action, owner_role from action_plan order by plan_id desc limit 1")).Single();
        Assert.Equal((stored, "Same-day calls after a missed group", "program director"), plan);
    }

    [Fact]
    public async Task A_malformed_period_or_a_persons_name_as_owner_is_refused_naming_the_option_and_nothing_is_stored()
    {
        var target = await TargetAsync();
        var before = await database.ScalarAsync<long>("select count(*) from action_plan");

        var period = await CliProcess.RunAsync(database.ConnectionString, "actions", "add", "--target", target, "--period", "2026-Q2'--",
            "--action", "Calls", "--owner-role", "program director", "--due", "2026-12-31");
        var owner = await CliProcess.RunAsync(database.ConnectionString, "actions", "add", "--target", target, "--period", "2026-Q2",
            "--action", "Calls", "--owner-role", "John Smith", "--due", "2026-12-31");

        Assert.Equal(2, period.ExitCode);
        Assert.Contains("--period: expected a period from 1990 to", period.Errors, StringComparison.Ordinal);
        Assert.Contains("a quarter (2026-Q3)", period.Errors, StringComparison.Ordinal);
        Assert.Equal(2, owner.ExitCode);
        Assert.Contains("--owner-role: expected a role, never a person's name", owner.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Smith", owner.Errors, StringComparison.Ordinal);
        Assert.Equal(before, await database.ScalarAsync<long>("select count(*) from action_plan"));
    }

    private async Task<string> TargetAsync()
    {
        var existing = await database.ScalarAsync<long>("select coalesce(min(target_id), 0) from outcome_target");
        if (existing > 0)
        {
            return existing.ToString(CultureInfo.InvariantCulture);
        }

        var set = await CliProcess.RunAsync(database.ConnectionString, "targets", "set", "completion", "--at-least", "0.5", "--from", "2026-01-01");
        Assert.True(set.ExitCode == 0, set.Output + set.Errors);
        return (await database.ScalarAsync<long>("select target_id from outcome_target")).ToString(CultureInfo.InvariantCulture);
    }
}
