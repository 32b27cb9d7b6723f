using System.CommandLine;
using Outcomes.Cli.Console;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Access;

/// <summary><c>outcomes access list</c>: the logins with their roles and facilities.</summary>
internal static class AccessListCommand
{
    public static Command Create(CliContext context)
    {
        var list = new Command("list", "List the logins with their roles and facilities.");
        list.SetAction((_, ct) => RunAsync(context, ct));
        return list;
    }

    public static async Task<int> RunAsync(CliContext context, CancellationToken ct)
    {
        await using var admin = await context.OpenDatabaseAsync(DatabaseRole.Admin, ct);
        var table = new TextTable("login", "can log in", "roles", "facilities");
        foreach (var row in await AccessControl.ListAsync(admin, ct))
        {
            table.Add(row.Login, row.CanLogin ? "yes" : "no", string.Join(", ", row.Roles), row.Facilities.Length == 0 ? "every facility" : string.Join(", ", row.Facilities));
        }

        table.Write(context.Output);
        return 0;
    }
}
