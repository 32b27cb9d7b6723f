using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

/// <summary>
/// Arguments an attacker or a slip of the keyboard could give, through the real program against a real database: each
/// is refused at the edge as a usage error (exit 2) with a message on standard error, never a stack trace, and
/// nothing is stored.
/// </summary>
public sealed class HostileArgumentTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private const string Out = "{out}";
    private static readonly string[] Plan = ["actions", "add", "--target", "1", "--period", "2026-Q3", "--action", "Call every patient who missed two groups", "--owner-role", "program director", "--due", "2027-03-31"];
    private static readonly string[] Target = ["targets", "set", "completion", "--at-least", "0.5", "--from", "2026-01-01"];
    private static readonly string[] Review = ["flags", "review", "1", "--status", "acknowledged", "--role", "counsellor"];

    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-hostile-").FullName;

    public static TheoryData<string[]> Cases()
    {
        var cases = new TheoryData<string[]>
        {
            // Periods and months outside the supported range, or not periods at all.
            Of(["report", "--month", "0001-01", "--out", Out]),
            Of(["report", "--month", "9999-12", "--out", Out]),
            Of(["report", "--month", "2026-Q3", "--out", Out]),
            Of(["report", "--month", "2026-10\n--out", "--out", Out]),
            Of(["audit-pack", "--period", "9999-12", "--out", Out]),
            Of(["audit-pack", "--period", "1989", "--out", Out]),
            Of(["analyze", "--period", "12m:0001-01"]),
            Of(["analyze", "--period", "12m:1990-06"]),
            Of(["analyze", "--period", "2101"]),
            Of(["analyze", "--period", "2026-13"]),
            Of(["analyze", "--period", ""]),
            Of(["analyze", "--period", "٢٠٢٦-١٠"]),
            Of(["analyze", "--period", "2026-10; drop table episode"]),
            // Every other date argument.
            Of(["analyze", "--period", "2026-10", "--data-through", "0001-01-01"]),
            Of(["analyze", "--period", "2026-10", "--data-through", "9999-12-31"]),
            Of(["analyze", "--period", "2026-10", "--data-through", "2026-02-30"]),
            Of(["analyze", "--period", "2026-10", "--data-through", "26-10-31"]),
            Of(["report", "--month", "2026-10", "--out", Out, "--data-through", "9999-12-31"]),
            Of(["annual-review", "--year", "0", "--out", Out]),
            Of(["annual-review", "--year", "99999", "--out", Out]),
            Of(["annual-review", "--year", "2101", "--out", Out]),
            Of(["audit", "list", "--since", "0001-01-01"]),
            Of(["audit", "list", "--since", "2026-13-01"]),
            Of(["score", "--date", "9999-12-31"]),
            Of(["generate", "--out", Out, "--end-date", "0001-01-01"]),
            Of([.. Target[..^1], "0001-01-01"]),
            Of([.. Target, "--to", "9999-12-31"]),
            Of([.. Target[..^1], "2026-02-01", "--to", "2026-01-01"]),
            Of([.. Plan[..^1], "9999-12-31"]),
            Of([.. Plan, "--decided-on", "0001-01-01"]),
            Of([.. Plan, "--decided-on", "9999-12-31"]),
            Of([.. Plan[..^1], "2026-01-01", "--decided-on", "2026-02-01"]),
            // Periods stored as given.
            Of(["actions", "add", "--target", "1", "--period", "2026-Q2'--", .. Plan[6..]]),
            Of(["actions", "add", "--target", "1", "--period", "last quarter", .. Plan[6..]]),
            // Response files: "@file" is a literal, never a file whose contents become arguments.
            Of(["analyze", "@{out}/period.rsp"]),
            Of(["analyze", "--period", "@{out}/period.rsp"]),
            // Free text: names where roles belong, line breaks, control and invisible characters, empty, too long.
            Of([.. Plan[..^3], "John Smith", .. Plan[^2..]]),
            Of([.. Plan[..^3], "", .. Plan[^2..]]),
            Of([.. Plan[..^3], "director\nJohn Smith", .. Plan[^2..]]),
            Of([.. Plan[..^3], "Dr. Smith, program director", .. Plan[^2..]]),
            Of(["actions", "add", "--target", "1", "--period", "2026-Q3", "--action", "", .. Plan[8..]]),
            Of(["actions", "add", "--target", "1", "--period", "2026-Q3", "--action", "   ", .. Plan[8..]]),
            Of(["actions", "add", "--target", "1", "--period", "2026-Q3", "--action", "line one\nline two", .. Plan[8..]]),
            Of(["actions", "add", "--target", "1", "--period", "2026-Q3", "--action", "\u001b[2Jscreen cleared", .. Plan[8..]]),
            Of(["actions", "add", "--target", "1", "--period", "2026-Q3", "--action", "\u202Edecnalab", .. Plan[8..]]),
            Of(["actions", "add", "--target", "1", "--period", "2026-Q3", "--action", new string('x', 2001), .. Plan[8..]]),
            Of(["actions", "update", "1", "--status", "done", "--result", "18 of 30\r\nforged line"]),
            Of([.. Target, "--note", "tab\there"]),
            Of([.. Target, "--group", "day 90'; --"]),
            Of([.. Review, "--reviewer", "John Smith"]),
            // (A NUL cannot reach a program through its arguments: the operating system ends the string there.)
            Of([.. Review, "--note", "called\u0085twice"]),
            Of(["flags", "export", "--out", Out, "--include-identifiers", "--purpose", ""]),
            Of(["serve", "--server-name", "bell\u0007"]),
            // Numbers: negative, zero, huge, not numbers.
            Of(["score", "--capacity", "99999999999"]),
            Of(["score", "--capacity", "-1"]),
            Of(["score", "--capacity", "1e3"]),
            Of(["score", "--per-patients-in-care", "0"]),
            Of(["score", "--per-patients-in-care", "-50"]),
            Of(["score", "--per-patients-in-care", "fifty"]),
            Of(["analyze", "--period", "2026-10", "--early-dropout-days", "-1"]),
            Of(["model", "train", "--horizon-days", "0"]),
            Of(["model", "card", "-3"]),
            Of(["actions", "update", "0", "--status", "done"]),
            Of(["actions", "add", "--target", "-1", .. Plan[4..]]),
            Of(["quarantine", "list", "--limit", "-1"]),
            Of(["quarantine", "list", "--batch", "0"]),
            Of(["batches", "--limit", "999999999"]),
            Of(["audit", "list", "--limit", "0"]),
            Of(["generate", "--out", Out, "--episodes", "2147483647"]),
            Of(["ingest", Out, "--overrun-minutes", "-1"]),
            Of(["targets", "set", "completion", "--at-least", "NaN", "--from", "2026-01-01"]),
            Of(["targets", "set", "completion", "--at-least", "Infinity", "--from", "2026-01-01"]),
            Of(["targets", "set", "completion", "--at-least", "1e308", "--from", "2026-01-01"]),
            Of(["targets", "set", "completion", "--at-least", "1.5", "--from", "2026-01-01"]),
            Of(["targets", "set", "completion", "--at-least", "0.5", "--at-most", "0.9", "--from", "2026-01-01"]),
            // Words from a fixed list.
            Of(["targets", "set", "happiness", "--at-least", "0.5", "--from", "2026-01-01"]),
            Of([.. Target, "--level", "detox"]),
            Of(["actions", "update", "1", "--status", "finished"]),
            Of(["flags", "list", "--status", "everything"]),
            Of(["flags", "list", "--counsellor", "Jane Doe"]),
            Of(["flags", "list", "--counsellor", "C-014'; drop table episode;--"]),
            Of(["flags", "review", "1", "--status", "open", "--role", "counsellor"]),
            Of(["flags", "review", "1", "--status", "acknowledged", "--role", "janitor"]),
            Of([.. Review, "--action", "shouted"]),
            Of(["access", "add", "new_login", "--role", "superuser"]),
            Of(["import", "ctn0094", Out, "--trial", "99"]),
            Of(["no-such-command"]),
            Of(["analyze", "--period", "2026-10", "--no-such-option"]),
            // Ids and names that reach SQL identifiers or file names.
            Of(["access", "add", "Robert'); drop table episode;--", "--role", "analyst"]),
            Of(["access", "add", "new_login\n", "--role", "analyst"]),
            Of(["access", "add", "new_login", "--role", "analyst", "--facility", "../north"]),
            Of(["access", "remove", "pg_read_all_data"]),
            Of(["audit", "list", "--action", "x'; drop table audit_event; --"]),
            Of(["analyze", "--period", "2026-10", "--facility", "../../etc"]),
            Of(["report", "--month", "2026-10", "--out", Out, "--facility", ""]),
            Of(["flags", "export", "--out", Out, "--include-identifiers", "--facility", "/etc/passwd"]),
            // Who an output is for: one of two words, nothing else.
            Of(["report", "--month", "2026-10", "--out", Out, "--audience", "public"]),
            Of(["audit-pack", "--period", "2026", "--out", Out, "--audience", "INTERNAL'--"]),
            Of(["annual-review", "--year", "2026", "--out", Out, "--audience", ""]),
        };
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_argument_is_refused_at_the_edge_with_one_message_and_no_stack_trace(string[] arguments)
    {
        File.WriteAllText(Path.Combine(_folder, "period.rsp"), "--period\n2026-10\n");
        var given = arguments.Select(a => a.Replace(Out, _folder, StringComparison.Ordinal)).ToArray();

        var (exit, output, errors) = await CliProcess.RunAsync(database.ConnectionString, given);

        var shown = $"outcomes {string.Join(' ', given)}\nexit {exit}\nstdout: {output}\nstderr: {errors}";
        Assert.True(exit == 2, shown);
        Assert.StartsWith("outcomes: ", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", errors + output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors + output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", errors, StringComparison.Ordinal);
        Assert.False(errors.Contains('\u001b', StringComparison.Ordinal) || errors.Contains('\u202E', StringComparison.Ordinal) || errors.Contains('\u0007', StringComparison.Ordinal),
            "a control character reached the terminal:\n" + shown);
        Assert.Equal(0, await database.ScalarAsync<long>("select (select count(*) from outcome_target) + (select count(*) from action_plan) + (select count(*) from analysis_run) + (select count(*) from ingest_batch)"));
        Assert.Equal("period.rsp", Path.GetFileName(Assert.Single(Directory.EnumerateFileSystemEntries(_folder))));
    }

    private static string[] Of(string[] arguments) => arguments;

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
