namespace Outcomes.Database.Embedded;

/// <summary>Finds the system's PostgreSQL server programs (initdb, pg_ctl, postgres).</summary>
public sealed record PostgresBinaries(string BinDirectory)
{
    public const string BinVariable = "OUTCOMES_PG_BIN";

    public string InitDb => Path.Combine(BinDirectory, "initdb");

    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    public string Psql => Path.Combine(BinDirectory, "psql");

    public static PostgresBinaries Locate()
    {
        var configured = Environment.GetEnvironmentVariable(BinVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!File.Exists(Path.Combine(configured, "initdb")))
            {
                throw new InvalidOperationException($"{BinVariable}: no initdb in '{configured}'.");
            }

            return new PostgresBinaries(configured);
        }

        // Debian and Ubuntu keep each major version under /usr/lib/postgresql/<major>/bin; take the newest.
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(dir => (dir, major: int.TryParse(Path.GetFileName(dir), out var m) ? m : -1))
                .Where(x => x.major >= 13 && File.Exists(Path.Combine(x.dir, "bin", "initdb")))
                .OrderByDescending(x => x.major)
                .Select(x => Path.Combine(x.dir, "bin"))
                .FirstOrDefault();
            if (newest is not null)
            {
                return new PostgresBinaries(newest);
            }
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return new PostgresBinaries(dir);
            }
        }

        throw new InvalidOperationException(
            "PostgreSQL server programs were not found (initdb, pg_ctl). Install them with " +
            "'apt-get install postgresql', set OUTCOMES_PG_BIN to their folder, or set OUTCOMES_CONNECTION " +
            "to use an existing server.");
    }
}
