namespace Outcomes.Database.Embedded;

/// <summary>Finds the system's PostgreSQL server programs (initdb, pg_ctl, postgres).</summary>
public sealed record PostgresBinaries(string BinDirectory)
{
    public const string BinVariable = "OUTCOMES_PG_BIN";

    public string InitDb => Path.Combine(BinDirectory, "initdb");

    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    public string Psql => Path.Combine(BinDirectory, "psql");

    public string PgDump => Path.Combine(BinDirectory, "pg_dump");

    public string PgRestore => Path.Combine(BinDirectory, "pg_restore");

    /// <summary>
    /// Finds the client programs pg_dump and pg_restore: in <c>OUTCOMES_PG_BIN</c>, the newest Debian version folder,
    /// or on the PATH. Unlike <see cref="Locate"/> no server programs are needed (a machine using
    /// <c>OUTCOMES_CONNECTION</c> may have only the client package).
    /// </summary>
    public static PostgresBinaries LocateClient()
    {
        var configured = Environment.GetEnvironmentVariable(BinVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(Path.Combine(configured, "pg_dump"))
                ? new PostgresBinaries(configured)
                : throw new InvalidOperationException($"{BinVariable}: no pg_dump in '{configured}'.");
        }

        const string debianRoot = "/usr/lib/postgresql";
        var candidates = Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot)
                .Select(dir => (dir, major: int.TryParse(Path.GetFileName(dir), out var m) ? m : -1))
                .OrderByDescending(x => x.major)
                .Select(x => Path.Combine(x.dir, "bin"))
            : [];
        var found = candidates
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "pg_dump")) && File.Exists(Path.Combine(dir, "pg_restore")));
        return found is not null
            ? new PostgresBinaries(found)
            : throw new InvalidOperationException(
                "pg_dump and pg_restore were not found. Install the PostgreSQL client programs of the server's version " +
                "('apt-get install postgresql-client') or set OUTCOMES_PG_BIN to their folder.");
    }

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
