using System.CommandLine;
using Outcomes.Jobs.Dashboard;

namespace Outcomes.Cli.Commands.Serve;

/// <summary><c>outcomes serve hash-password</c>: read a dashboard user's password and print its hash.</summary>
internal static class ServeHashPasswordCommand
{
    public static Command Create(CliContext context)
    {
        var hash = new Command("hash-password", "Read a dashboard user's password from standard input and print the hash to put in Jobs:Dashboard:Users.");
        hash.SetAction(_ => Run(context));
        return hash;
    }

    public static int Run(CliContext context)
    {
        var password = ReadPassword();
        if (string.IsNullOrEmpty(password))
        {
            System.Console.Error.WriteLine("outcomes: expected a password on standard input.");
            return 1;
        }

        context.Output.WriteLine(PasswordHash.Create(password));
        return 0;
    }

    private static string? ReadPassword()
    {
        if (System.Console.IsInputRedirected)
        {
            return System.Console.In.ReadLine();
        }

        System.Console.Error.Write("Password (not shown): ");
        var typed = new System.Text.StringBuilder();
        for (var key = System.Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = System.Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && typed.Length > 0)
            {
                typed.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        System.Console.Error.WriteLine();
        return typed.ToString();
    }
}
