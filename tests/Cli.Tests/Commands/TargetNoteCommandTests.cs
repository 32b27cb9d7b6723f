using System.Globalization;
using Npgsql;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

/// <summary>
/// <c>outcomes targets note</c> through the real program: the note is stored for its target and year with the login
/// that wrote it taken by the server, the audit trail gets a line without the text, notes are never changed, and a
/// note for a target that does not exist or without an analysis is refused with nothing stored.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class TargetNoteCommandTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Analysis = "Completion held at half all year; the target came from a residential program's figure.";

    [Fact]
    public async Task A_note_is_stored_with_the_login_as_its_writer_and_recorded_in_the_audit_trail_without_its_text()
    {
        var target = await TargetAsync();
        var auditBefore = await database.ScalarAsync<long>("select count(*) from audit_event where action = 'target.note'");

        var note = await CliProcess.RunAsync(database.ConnectionString, "targets", "note", target, "--year", "2026", "--analysis", $"  {Analysis}  ",
            "--extenuating-factors", "Two of five counsellors left from March to June.");

        Assert.True(note.ExitCode == 0, note.Output + note.Errors);
        Assert.Contains($"on target {target} for 2026: shown in the annual review of 2026", note.Output, StringComparison.Ordinal);
        var stored = (await database.QueryAsync<(long Target, int Year, string Analysis, string Factors, string By)>(
            "select target_id, review_year, analysis, extenuating_factors, written_by::text from target_note order by note_id desc limit 1")).Single();
        var login = await database.ScalarAsync<string>("select session_user::text");
        Assert.Equal((long.Parse(target, CultureInfo.InvariantCulture), 2026, Analysis, "Two of five counsellors left from March to June.", login), stored);

        var audit = (await database.QueryAsync<(string Subject, string DatabaseUser, string ActingRole, string Detail)>(
            "select subject, database_user, acting_role, detail from audit_event where action = 'target.note' order by chain_seq desc limit 1")).Single();
        Assert.Equal(auditBefore + 1, await database.ScalarAsync<long>("select count(*) from audit_event where action = 'target.note'"));
        Assert.Equal(($"target {target}", login, "outcomes_analyst"), (audit.Subject, audit.DatabaseUser, audit.ActingRole));
        Assert.Equal($"year 2026: written analysis of {Analysis.Length} characters, extenuating factors of 48 characters", audit.Detail);
        var verify = await CliProcess.RunAsync(database.ConnectionString, "audit", "verify");
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Errors);
    }

    [Fact]
    public async Task A_client_cannot_write_a_note_in_another_name_nor_change_one()
    {
        var target = await TargetAsync();
        var login = await database.ScalarAsync<string>("select session_user::text");
        var id = await database.ScalarAsync<long>(
            $"insert into target_note (target_id, review_year, analysis, written_by, written_at) values ({target}, 2026, 'An analysis.', 'someone_else', '2020-01-01') returning note_id");

        Assert.Equal(login, await database.ScalarAsync<string>($"select written_by::text from target_note where note_id = {id}"));
        Assert.True(await database.ScalarAsync<bool>($"select written_at > '2025-01-01' from target_note where note_id = {id}"));
        var change = await Assert.ThrowsAsync<PostgresException>(() => database.ScalarAsync<long>($"update target_note set analysis = 'Changed.' where note_id = {id} returning note_id"));
        Assert.Contains("keeps every note as written", change.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_note_for_a_missing_target_or_without_an_analysis_is_refused_and_nothing_is_stored()
    {
        await TargetAsync();
        var before = await database.ScalarAsync<long>("select count(*) from target_note");

        var missing = await CliProcess.RunAsync(database.ConnectionString, "targets", "note", "999999", "--year", "2026", "--analysis", Analysis);
        var empty = await CliProcess.RunAsync(database.ConnectionString, "targets", "note", "1", "--year", "2026", "--analysis", "   ");
        var noAnalysis = await CliProcess.RunAsync(database.ConnectionString, "targets", "note", "1", "--year", "2026");

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("there is no target 999999", missing.Errors, StringComparison.Ordinal);
        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("--analysis", empty.Errors, StringComparison.Ordinal);
        Assert.Equal(2, noAnalysis.ExitCode);
        Assert.Equal(before, await database.ScalarAsync<long>("select count(*) from target_note"));
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
