using System.CommandLine;
using Outcomes.Cli.Arguments;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Access;

/// <summary><c>outcomes access remove LOGIN</c>: take every Outcomes role and facility from a login.</summary>
internal static class AccessRemoveCommand
{
    /// <summary>What <c>outcomes access remove</c> was asked for.</summary>
    internal sealed record Settings(string Login);

    public static Command Create(CliContext context)
    {
        var login = CliOptions.CheckedArgument("login", "The database login.", ArgumentRules.Login);
        var remove = new Command("remove", "Take every Outcomes role and facility from a login and stop it logging in.") { login };
        remove.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(login)!), ct));
        return remove;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        await using var admin = await OutcomesDatabase.OpenManagementAsync(context.Settings, context.Logger, ct);
        await AccessControl.RevokeAsync(admin, settings.Login, ct);
        context.Output.WriteLine($"Login {settings.Login} may no longer log in or act as an Outcomes role.");
        return 0;
    }
}
