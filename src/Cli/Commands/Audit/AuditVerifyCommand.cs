using System.CommandLine;
using System.Globalization;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Audit;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Audit;

/// <summary><c>outcomes audit verify [--expect-head SEQ:HASH]</c>: recompute the audit trail's hash chain; exit code 3 when broken.</summary>
internal static class AuditVerifyCommand
{
    /// <summary>What <c>outcomes audit verify</c> was asked for: the head an earlier verify printed, if any.</summary>
    internal sealed record Settings(string? ExpectHead);

    public static Command Create(CliContext context)
    {
        var expectHead = CliOptions.Checked<string?>(
            "--expect-head",
            "The head an earlier verify printed (SEQ:HASH): also detects lines deleted from the end, and a chain rewritten since.",
            required: false,
            head => AuditChain.TryParseHead(head, out _) ? head : throw new FormatException("expected SEQ:HASH as 'outcomes audit verify' prints it (64 hex digits after the colon)."));
        var verify = new Command("verify", "Recompute the audit trail's hash chain: any line deleted or edited, by anyone, breaks it. Exit code 3 when broken.") { expectHead };
        verify.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(expectHead)), ct));
        return verify;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        await using var admin = await context.OpenDatabaseAsync(DatabaseRole.Admin, ct);
        var report = await AuditChain.VerifyAsync(admin, settings.ExpectHead, ct);
        context.Output.WriteLine($"{report.Lines} line(s); head {AuditChain.FormatHead(report.HeadSeq, report.HeadHash)}");
        if (report.Intact)
        {
            context.Output.WriteLine("The chain is intact. Note the head: a later 'outcomes audit verify --expect-head HEAD' also detects lines deleted from the end.");
            return 0;
        }

        var table = new TextTable("line", "audit id", "problem");
        foreach (var b in report.Breaks)
        {
            table.Add(b.ChainSeq, b.AuditId?.ToString(CultureInfo.InvariantCulture) ?? "", b.Problem);
        }

        table.Write(context.Output);
        context.Output.WriteLine($"The audit trail was altered: {report.Breaks.Count} break(s) in the chain.");
        return 3;
    }
}
