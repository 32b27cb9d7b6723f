using System.CommandLine;
using System.Globalization;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Access;
using Outcomes.Database.Audit;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands;

/// <summary>
/// <c>outcomes access add | remove | list</c> (who may act as which role, limited to which facilities) and
/// <c>outcomes audit list</c> (the audit trail). Both need the administrator's connection.
/// </summary>
internal static class AccessCommands
{
    public static Command Access(CliContext context)
    {
        var access = new Command("access", "Logins of staff and services: the Outcomes role each acts as and the facilities it may see (docs/security.md).");

        var login = CliOptions.CheckedArgument("login", "The database login, e.g. director_north.", ArgumentRules.Login);
        var role = CliOptions.OneOf("--role", "ingest, analyst, reporter or admin.", ["ingest", "analyst", "reporter", "admin"], required: true);
        var facility = CliOptions.Identifiers("--facility", "Limit the login to this facility (repeat for several). Without it the login sees every facility.");
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = "Read the login's password from standard input (one line). It is sent to the server only as a SCRAM secret.",
        };
        var add = new Command("add", "Create a login (or update one): grant it a role and set the facilities it may see.") { login, role, facility, passwordStdin };
        add.SetAction(async (parse, ct) =>
        {
            var chosen = DatabaseRoles.Parse(parse.GetValue(role)!, "--role");
            string? password = null;
            if (parse.GetValue(passwordStdin))
            {
                password = System.Console.In.ReadLine();
                if (string.IsNullOrEmpty(password) || password.Length < 12)
                {
                    throw new InvalidOperationException("--password-stdin: expected a password of at least 12 characters on standard input.");
                }
            }

            var facilities = parse.GetValue(facility) ?? [];
            await using var admin = await OutcomesDatabase.OpenManagementAsync(context.Settings, context.Logger, ct);
            await AccessControl.GrantAsync(admin, parse.GetValue(login)!, chosen, facilities, password, ct);
            context.Output.WriteLine(
                $"Login {parse.GetValue(login)} acts as {chosen.RoleName()}, {(facilities.Length == 0 ? "every facility" : "facilities " + string.Join(", ", facilities))}" +
                $"{(password is null ? "" : "; password set")}. Recorded in the audit trail.");
            return 0;
        });

        var removeLogin = CliOptions.CheckedArgument("login", "The database login.", ArgumentRules.Login);
        var remove = new Command("remove", "Take every Outcomes role and facility from a login and stop it logging in.") { removeLogin };
        remove.SetAction(async (parse, ct) =>
        {
            await using var admin = await OutcomesDatabase.OpenManagementAsync(context.Settings, context.Logger, ct);
            await AccessControl.RevokeAsync(admin, parse.GetValue(removeLogin)!, ct);
            context.Output.WriteLine($"Login {parse.GetValue(removeLogin)} may no longer log in or act as an Outcomes role.");
            return 0;
        });

        var list = new Command("list", "List the logins with their roles and facilities.");
        list.SetAction(async (_, ct) =>
        {
            await using var admin = await context.OpenDatabaseAsync(DatabaseRole.Admin, ct);
            var table = new TextTable("login", "can log in", "roles", "facilities");
            foreach (var row in await AccessControl.ListAsync(admin, ct))
            {
                table.Add(row.Login, row.CanLogin ? "yes" : "no", string.Join(", ", row.Roles), row.Facilities.Length == 0 ? "every facility" : string.Join(", ", row.Facilities));
            }

            table.Write(context.Output);
            return 0;
        });

        access.Subcommands.Add(add);
        access.Subcommands.Add(remove);
        access.Subcommands.Add(list);
        return access;
    }

    public static Command Audit(CliContext context)
    {
        var audit = new Command("audit", "The audit trail: every export, flag review, target and action-plan change, access change, backup and restore.");
        var since = CliOptions.DataDay("--since", "Only from this day on, YYYY-MM-DD.", context.Today);
        var action = CliOptions.Checked<string?>("--action", "Only actions starting with this, e.g. export or flag.review.", required: false, ArgumentRules.ActionPrefix);
        var limit = CliOptions.Count("--limit", "At most this many lines, newest first (1 to 100,000).", 1, 100_000, 100);
        var list = new Command("list", "List the audit trail, newest first.") { since, action, limit };
        list.SetAction(async (parse, ct) =>
        {
            var from = parse.GetValue(since);
            await using var admin = await context.OpenDatabaseAsync(DatabaseRole.Admin, ct);
            var rows = await AuditLog.ListAsync(admin, from, parse.GetValue(action), parse.GetValue(limit), ct);
            var table = new TextTable("id", "when (UTC)", "login", "role", "os user (as reported)", "action", "subject", "rows", "run", "detail");
            foreach (var r in rows)
            {
                table.Add(r.AuditId, r.OccurredAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), r.DatabaseUser, r.ActingRole,
                    r.OsUser ?? "", r.Action, r.Subject, r.RowCount?.ToString(CultureInfo.InvariantCulture) ?? "", r.RunId?.ToString() ?? "", r.Detail ?? "");
            }

            if (table.Count == 0)
            {
                context.Output.WriteLine("Nothing recorded yet.");
            }
            else
            {
                table.Write(context.Output);
            }

            return 0;
        });
        var expectHead = CliOptions.Checked<string?>(
            "--expect-head",
            "The head an earlier verify printed (SEQ:HASH): also detects lines deleted from the end, and a chain rewritten since.",
            required: false,
            head => AuditChain.TryParseHead(head, out _) ? head : throw new FormatException("expected SEQ:HASH as 'outcomes audit verify' prints it (64 hex digits after the colon)."));
        var verify = new Command("verify", "Recompute the audit trail's hash chain: any line deleted or edited, by anyone, breaks it. Exit code 3 when broken.") { expectHead };
        verify.SetAction(async (parse, ct) =>
        {
            await using var admin = await context.OpenDatabaseAsync(DatabaseRole.Admin, ct);
            var report = await AuditChain.VerifyAsync(admin, parse.GetValue(expectHead), ct);
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
        });

        audit.Subcommands.Add(list);
        audit.Subcommands.Add(verify);
        return audit;
    }
}
