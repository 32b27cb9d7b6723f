using System.CommandLine;
using Outcomes.Database.Connection;
using Outcomes.Database.Migrations;

namespace Outcomes.Cli.Commands.Db;

/// <summary><c>outcomes db migrate</c>: apply the numbered schema migrations that have not run yet.</summary>
internal static class DbMigrateCommand
{
    public static Command Create(CliContext context)
    {
        var migrate = new Command("migrate", "Apply the numbered schema migrations that have not run yet.");
        migrate.SetAction((_, ct) => RunAsync(context, ct));
        return migrate;
    }

    public static async Task<int> RunAsync(CliContext context, CancellationToken ct)
    {
        var connectionString = await OutcomesDatabase.ResolveConnectionStringAsync(context.Settings, context.Logger, ct);
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
        var applied = await new MigrationRunner(context.Logger).MigrateAsync(dataSource, ct);
        context.Output.WriteLine(applied.Count == 0
            ? "Schema is up to date."
            : $"Applied {applied.Count} migration(s): {string.Join(", ", applied.Select(m => $"{m.Version:0000}_{m.Name}"))}");
        return 0;
    }
}
