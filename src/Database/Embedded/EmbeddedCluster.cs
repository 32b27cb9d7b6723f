using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Outcomes.Database.Embedded;

/// <summary>
/// A private PostgreSQL cluster built from the system's server programs, kept in the project folder
/// (<c>.outcomes/postgres</c>), listening on loopback only with password authentication.
/// Started on demand; stopped with a clean ("fast") shutdown so the data folder is always consistent.
/// </summary>
public sealed class EmbeddedCluster
{
    public const string HomeVariable = "OUTCOMES_HOME";
    public const string DatabaseName = "outcomes";
    public const string SuperUser = "outcomes";

    /// <summary>
    /// The login of the daily work (every command but <c>db start | migrate | backup | restore</c> and access changes):
    /// a member of outcomes_admin, not a superuser and not the schema's owner, so that row-level security and the
    /// audit trail's rules bind it.
    /// </summary>
    public const string OperatorLogin = "outcomes_operator";

    // The server refuses to run as root; when we are root it runs as the packaged 'postgres' account.
    private const string ServiceAccount = "postgres";
    private const int FirstCandidatePort = 54329;

    private readonly ILogger _logger;
    private readonly string _home;
    private string? _clusterDirectory;

    public EmbeddedCluster(string home, ILogger? logger = null)
    {
        _home = Path.GetFullPath(home);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The cluster of this installation: in the folder <see cref="LocateHome"/> names.</summary>
    public static EmbeddedCluster ForProject(ILogger? logger = null) => new(LocateHome(), logger);

    /// <summary>
    /// Where Outcomes keeps its embedded cluster and working files: <c>OUTCOMES_HOME</c> when set; else, for a program
    /// built in a checkout (<c>./outcomes</c>, the tests), <c>.outcomes</c> beside that checkout's Outcomes.sln; else (an
    /// installed tool or a published tarball) <c>$XDG_DATA_HOME/outcomes</c>, by default <c>~/.local/share/outcomes</c>,
    /// whatever folder it is run from.
    /// </summary>
    public static string LocateHome()
    {
        var configured = Environment.GetEnvironmentVariable(HomeVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        // The program's own folder decides, not the current one: an installed tool run inside a checkout keeps its data.
        if (CheckoutOf(AppContext.BaseDirectory) is { } checkout)
        {
            return Path.Combine(checkout, ".outcomes");
        }

        return Path.Combine(UserDataFolder(), "outcomes");
    }

    /// <summary>The folder holding Outcomes.sln above <paramref name="folder"/>, if any.</summary>
    private static string? CheckoutOf(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Outcomes.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary><c>$XDG_DATA_HOME</c> when it is an absolute path (the XDG base directory rules), else <c>~/.local/share</c>.</summary>
    private static string UserDataFolder()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
        {
            return xdg;
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
    }

    public string Home => _home;

    private static bool IsRoot => Environment.UserName == "root";

    private string? RunAs => IsRoot ? ServiceAccount : null;

    private string ClusterDirectory => _clusterDirectory ??= ChooseClusterDirectory();

    private string DataDirectory => Path.Combine(ClusterDirectory, "data");

    private string PasswordFile => Path.Combine(ClusterDirectory, "password");

    private string OperatorPasswordFile => Path.Combine(ClusterDirectory, "operator-password");

    private string PortFile => Path.Combine(ClusterDirectory, "port");

    private string LogFile => Path.Combine(ClusterDirectory, "server.log");

    private string SocketDirectory => Path.Combine(ClusterDirectory, "run");

    /// <summary>Initializes (first time) and starts the cluster if needed; returns a connection string to its database.</summary>
    public async Task<string> EnsureStartedAsync(CancellationToken cancellationToken = default)
    {
        using (await AcquireLockAsync(cancellationToken))
        {
            var binaries = PostgresBinaries.Locate();
            if (!IsInitialized)
            {
                await InitializeAsync(binaries, cancellationToken);
            }

            if (!await IsRunningAsync(binaries, cancellationToken))
            {
                await StartAsync(binaries, cancellationToken);
            }
        }

        await EnsureDatabaseAsync(DatabaseName, cancellationToken);
        await EnsureOperatorAndLoggingAsync(cancellationToken);
        return ConnectionStringFor(DatabaseName);
    }

    /// <summary>A connection string of the daily-work login (<see cref="OperatorLogin"/>) to a database of the cluster.</summary>
    public string OperatorConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionStringFor(database))
        {
            Username = OperatorLogin,
            Password = File.ReadAllText(OperatorPasswordFile).Trim(),
        }.ConnectionString;

    public async Task<ClusterStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        if (!IsInitialized)
        {
            return new ClusterStatus(false, false, null, DataDirectory, "not initialized: 'outcomes db start' creates it");
        }

        var binaries = PostgresBinaries.Locate();
        var running = await IsRunningAsync(binaries, cancellationToken);
        return new ClusterStatus(true, running, ReadPort(), DataDirectory, running ? "accepting connections on 127.0.0.1" : "stopped");
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!IsInitialized)
        {
            return;
        }

        using (await AcquireLockAsync(cancellationToken))
        {
            var binaries = PostgresBinaries.Locate();
            if (!await IsRunningAsync(binaries, cancellationToken))
            {
                return;
            }

            // "fast" rolls back open transactions and writes a shutdown checkpoint: the folder is consistent.
            var result = await ProcessRunner.RunAsync(
                binaries.PgCtl, ["-D", DataDirectory, "-m", "fast", "-w", "-t", "120", "stop"], RunAs, cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"PostgreSQL did not stop cleanly: {result.Output}");
            }

            _logger.LogInformation("Embedded PostgreSQL stopped");
        }
    }

    public string ConnectionStringFor(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = ReadPort() ?? throw new InvalidOperationException("The embedded cluster has no port yet: start it first."),
            Username = SuperUser,
            Password = File.ReadAllText(PasswordFile).Trim(),
            Database = database,
            // Embedded use is local and single-tenant; a short pool keeps server memory low in tests.
            MaxPoolSize = 20,
        };
        return builder.ConnectionString;
    }

    /// <summary>Creates a database on the cluster if it does not exist (safe when two processes race).</summary>
    public async Task EnsureDatabaseAsync(string database, CancellationToken cancellationToken = default)
    {
        // Unpooled: after a restart of the server a pooled connection would be a dead one.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionStringFor("postgres")) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection))
        {
            exists.Parameters.AddWithValue(database);
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return;
            }
        }

        // Identifiers cannot be parameters; quote_ident in the server makes the name safe.
        await using var quote = new NpgsqlCommand("select quote_ident($1)", connection);
        quote.Parameters.AddWithValue(database);
        var quoted = (string)(await quote.ExecuteScalarAsync(cancellationToken))!;
        try
        {
            await using var create = new NpgsqlCommand("create database " + quoted, connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another process created it first.
        }
    }

    /// <summary>
    /// Makes the daily-work login (first time: with a random password in an owner-only file) and has the server log every
    /// schema change (<c>log_statement = 'ddl'</c>), for clusters made before either existed. Safe when two processes race.
    /// </summary>
    private async Task EnsureOperatorAndLoggingAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(OperatorPasswordFile))
        {
            // A name of its own per caller (two callers of one process race too), created owner-only from the start.
            var pending = OperatorPasswordFile + "." + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)) + ".new";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var writer = new StreamWriter(pending, options))
            {
                await writer.WriteAsync(Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant() + "\n");
            }

            try
            {
                // Never replaces a password another process wrote first.
                File.Move(pending, OperatorPasswordFile, overwrite: false);
            }
            catch (IOException)
            {
                File.Delete(pending);
            }
        }

        var password = (await File.ReadAllTextAsync(OperatorPasswordFile, cancellationToken)).Trim();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionStringFor("postgres")) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        // The statement is put together by the server (format %L) around a SCRAM secret made here: the clear text
        // never reaches the server, and a DO block is not written to the log as a schema change would be.
        const string ensureOperator = """
            select format($f$
                do $operator$
                begin
                    if not exists (select 1 from pg_roles where rolname = 'outcomes_operator') then
                        execute %L;
                    elsif %L then
                        execute %L;
                    end if;
                exception
                    when duplicate_object or unique_violation then null;
                end
                $operator$ $f$,
                format('create role outcomes_operator login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password %L', $1::text),
                $2::boolean,
                format('alter role outcomes_operator password %L', $1::text))
            """;
        var reset = !await OperatorCanLogInAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var quote = new NpgsqlCommand(ensureOperator, connection);
                quote.Parameters.AddWithValue(Access.ScramVerifier.Create(password));
                quote.Parameters.AddWithValue(reset);
                var statement = (string)(await quote.ExecuteScalarAsync(cancellationToken))!;
                await using var create = new NpgsqlCommand(statement, connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
                break;
            }
            catch (PostgresException ex) when (attempt < 20 && ex.SqlState is PostgresErrorCodes.InternalError or PostgresErrorCodes.SerializationFailure)
            {
                // "tuple concurrently updated": another process changed the same role at the same moment.
                await Task.Delay(50 * attempt, cancellationToken);
            }
        }

        await using var logging = new NpgsqlCommand("select current_setting('log_statement')", connection);
        if ((string?)await logging.ExecuteScalarAsync(cancellationToken) is "none" or "")
        {
            await using var set = new NpgsqlCommand("alter system set log_statement = 'ddl'", connection);
            await set.ExecuteNonQueryAsync(cancellationToken);
            await using var reload = new NpgsqlCommand("select pg_reload_conf()", connection);
            await reload.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<bool> OperatorCanLogInAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(
                new NpgsqlConnectionStringBuilder(OperatorConnectionStringFor("postgres")) { Pooling = false }.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            return false;
        }
    }

    private bool IsInitialized => File.Exists(Path.Combine(DataDirectory, "PG_VERSION")) && File.Exists(PasswordFile);

    private string ChooseClusterDirectory()
    {
        var inProject = Path.Combine(_home, "postgres");
        if (!IsRoot)
        {
            return inProject;
        }

        Directory.CreateDirectory(inProject);
        if (ServiceAccountCanReach(inProject))
        {
            return inProject;
        }

        // The checkout sits under a folder the service account cannot enter (e.g. a private home folder).
        // Keep the cluster in a folder made for it, one per checkout.
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(_home)))[..12].ToLowerInvariant();
        var fallback = Path.Combine("/var/lib/outcomes/clusters", hash);
        Directory.CreateDirectory(fallback);
        Chown(fallback);
        // Said once per process at debug level: 'outcomes db status' shows the data folder to anyone who asks.
        _logger.LogDebug(
            "The project folder is not reachable by the '{Account}' account; the embedded cluster lives in {Folder}",
            ServiceAccount, fallback);
        return fallback;
    }

    private static bool ServiceAccountCanReach(string directory)
    {
        Chown(directory);
        var check = ProcessRunner.RunAsync("test", ["-x", directory, "-a", "-w", directory], ServiceAccount, CancellationToken.None)
            .GetAwaiter().GetResult();
        return check.Succeeded;
    }

    private static void Chown(string path)
    {
        var result = ProcessRunner.RunAsync("chown", [ServiceAccount + ":", path], null, CancellationToken.None)
            .GetAwaiter().GetResult();
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Could not hand the cluster folder to the '{ServiceAccount}' account: {result.Output}. " +
                "Install PostgreSQL with 'apt-get install postgresql' (it creates that account).");
        }
    }

    private async Task InitializeAsync(PostgresBinaries binaries, CancellationToken cancellationToken)
    {
        _logger.LogInformation("Creating the embedded PostgreSQL cluster in {Folder}", DataDirectory);
        Directory.CreateDirectory(ClusterDirectory);
        if (Directory.Exists(DataDirectory))
        {
            // A previous initialization was interrupted before it finished: start again from nothing.
            Directory.Delete(DataDirectory, recursive: true);
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var pending = PasswordFile + ".new";
        await File.WriteAllTextAsync(pending, password + "\n", cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(pending, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        if (IsRoot)
        {
            Chown(ClusterDirectory);
            Chown(pending);
        }

        var result = await ProcessRunner.RunAsync(
            binaries.InitDb,
            [
                "-D", DataDirectory, "-U", SuperUser, "--pwfile", pending,
                "--auth-local=scram-sha-256", "--auth-host=scram-sha-256",
                "-E", "UTF8", "--no-locale", "--no-instructions",
            ],
            RunAs,
            cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"initdb failed: {result.Output}");
        }

        var settings = """

            # Outcomes embedded cluster: loopback only, sized for a workstation.
            listen_addresses = '127.0.0.1'
            shared_buffers = '256MB'
            temp_buffers = '64MB'
            work_mem = '64MB'
            maintenance_work_mem = '256MB'
            max_wal_size = '4GB'
            checkpoint_timeout = '15min'
            # A month's merge into a long history writes scattered index pages, each first touched after a checkpoint
            # as a full-page image in the WAL: compressed, the merge took a fifth less (docs/performance.md).
            wal_compression = 'lz4'
            max_connections = 100
            # Every schema change is written to the server log (docs/security.md).
            log_statement = 'ddl'
            """;
        var conf = Path.Combine(DataDirectory, "postgresql.conf");
        await File.AppendAllTextAsync(conf, settings, cancellationToken);

        Directory.CreateDirectory(SocketDirectory);
        if (IsRoot)
        {
            Chown(SocketDirectory);
        }

        await File.WriteAllTextAsync(PortFile, FindFreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        File.Move(pending, PasswordFile, overwrite: true);
    }

    private async Task StartAsync(PostgresBinaries binaries, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(SocketDirectory);
        if (IsRoot)
        {
            Chown(SocketDirectory);
        }

        // Unix sockets have a short path limit; beyond it, TCP on loopback alone is used.
        var socketOption = SocketDirectory.Length < 90 ? $"-k {SocketDirectory}" : "-k ''";
        var port = ReadPort() ?? FindFreePort();
        for (var attempt = 1; ; attempt++)
        {
            if (!PortIsFree(port))
            {
                port = FindFreePort();
            }

            await File.WriteAllTextAsync(PortFile, port.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            var result = await ProcessRunner.RunAsync(
                binaries.PgCtl,
                ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "120", "-o", $"-p {port} {socketOption}", "start"],
                RunAs,
                cancellationToken);
            if (result.Succeeded)
            {
                _logger.LogInformation("Embedded PostgreSQL started on 127.0.0.1:{Port}", port);
                return;
            }

            // Another program may have taken the port between our check and the server's bind: try another.
            if (attempt == 3)
            {
                var tail = File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(5)) : "";
                throw new InvalidOperationException($"PostgreSQL did not start: {result.Output}\n{tail}");
            }

            port = FindFreePort();
        }
    }

    private async Task<bool> IsRunningAsync(PostgresBinaries binaries, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(binaries.PgCtl, ["-D", DataDirectory, "status"], RunAs, cancellationToken);
        return result.ExitCode == 0;
    }

    private int? ReadPort() =>
        File.Exists(PortFile) && int.TryParse(File.ReadAllText(PortFile).Trim(), out var port) ? port : null;

    private int FindFreePort()
    {
        // Start at a place of this cluster's own so that clusters created at the same moment rarely collide.
        const int range = 400;
        var offset = (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(ClusterDirectory))) % range);
        for (var i = 0; i < range; i++)
        {
            var port = FirstCandidatePort + ((offset + i) % range);
            if (PortIsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free TCP port between {FirstCandidatePort} and {FirstCandidatePort + range} on 127.0.0.1.");
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task<IDisposable> AcquireLockAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_home);
        var lockPath = Path.Combine(_home, "cluster.lock");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 1200)
            {
                // Another process is starting or stopping the cluster; wait for it.
                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
