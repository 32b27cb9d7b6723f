using System.CommandLine;
using Outcomes.Cli.Arguments;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Access;

/// <summary><c>outcomes access add LOGIN --role ROLE [--facility F ...] [--password-stdin]</c>: create or update a login.</summary>
internal static class AccessAddCommand
{
    /// <summary>What <c>outcomes access add</c> was asked for.</summary>
    internal sealed record Settings(string Login, string Role, IReadOnlyList<string> Facilities, bool PasswordFromStandardInput);

    public static Command Create(CliContext context)
    {
        var login = CliOptions.CheckedArgument("login", "The database login, e.g. director_north.", ArgumentRules.Login);
        var role = CliOptions.OneOf("--role", "ingest, analyst, reporter or admin.", [.. DatabaseRoles.All.Select(r => r.Word())], required: true);
        var facility = CliOptions.Identifiers("--facility", "Limit the login to this facility (repeat for several). Without it the login sees every facility.");
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = "Read the login's password from standard input (one line). It is sent to the server only as a SCRAM secret.",
        };
        var add = new Command("add", "Create a login (or update one): grant it a role and set the facilities it may see.") { login, role, facility, passwordStdin };
        add.SetAction((parse, ct) => RunAsync(
            context, new Settings(parse.GetValue(login)!, parse.GetValue(role)!, parse.GetValue(facility) ?? [], parse.GetValue(passwordStdin)), ct));
        return add;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        var chosen = DatabaseRoles.Parse(settings.Role, "--role");
        string? password = null;
        if (settings.PasswordFromStandardInput)
        {
            password = System.Console.In.ReadLine();
            if (string.IsNullOrEmpty(password) || password.Length < 12)
            {
                throw new InvalidOperationException("--password-stdin: expected a password of at least 12 characters on standard input.");
            }
        }

        var facilities = settings.Facilities;
        await using var admin = await OutcomesDatabase.OpenManagementAsync(context.Settings, context.Logger, ct);
        await AccessControl.GrantAsync(admin, settings.Login, chosen, facilities, password, ct);
        context.Output.WriteLine(
            $"Login {settings.Login} acts as {chosen.RoleName()}, {(facilities.Count == 0 ? "every facility" : "facilities " + string.Join(", ", facilities))}" +
            $"{(password is null ? "" : "; password set")}. Recorded in the audit trail.");
        return 0;
    }
}
