using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Outcomes.Ingest.Profiles;
using Outcomes.Ingest.Loading;
using Outcomes.Jobs.Configuration;
using Outcomes.Reports.Output;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;

namespace Outcomes.Jobs.Pull;

/// <summary>
/// A folder on an SFTP server. Regular files directly in it whose names are contract file names (and safe file names)
/// are downloaded into the local staging folder once settled (<see cref="SettleLooks"/>), under a temporary name,
/// hashed with SHA-256 as they arrive and renamed into place only when complete and unchanged on the server. The
/// ingest reads the staged copy; the ledger's SHA-256 decides whether it was loaded before. Only then is the remote
/// file renamed into processed/ or failed/ (with a reason file), in a sub-folder named for the pull. A connection lost
/// during a download is reopened and the download started again; a crash between the commit and the remote move leaves
/// the file on the server, and the next pull moves it as "already loaded" without loading it twice.
/// </summary>
internal sealed class SftpSource(SourceOptions source, ILogger logger, Action<string, ulong>? downloadProgress = null, LoadedProfile? profile = null) : IPullSource
{
    private const string PartSuffix = ".part";
    private readonly SftpOptions _sftp = source.Sftp;
    private readonly string _setting = $"Jobs:Sources:{source.Name}:Sftp";
    private readonly HostKeyPin _pin = HostKeyPin.Parse(source.Sftp.HostKey, out var problem)
        ?? throw new InvalidOperationException($"Jobs:Sources:{source.Name}:Sftp:HostKey: {problem}");
    private SftpClient? _client;
    private SettleLooks? _looks;

    public string Name => source.Name;

    private string RemoteFolder => _sftp.RemoteFolder.TrimEnd('/');

    private string ProcessedFolder => (_sftp.RemoteProcessedFolder ?? RemoteFolder + "/processed").TrimEnd('/');

    private string FailedFolder => (_sftp.RemoteFailedFolder ?? RemoteFolder + "/failed").TrimEnd('/');

    public async Task<PullCandidates> CollectAsync(DateTimeOffset pulledAt, CancellationToken cancellationToken)
    {
        var client = await ConnectedAsync(cancellationToken);
        var files = new List<ISftpFile>();
        var notFiles = new List<string>();
        await foreach (var entry in client.ListDirectoryAsync(RemoteFolder, cancellationToken))
        {
            if (entry.Name is "." or ".." || !PullNames.Takes(profile, entry.Name))
            {
                continue;
            }

            // A remote name becomes a local path only when it is a plain file name (no separator, no "..", nothing odd).
            if (!SafeFileName.IsSafe(entry.Name))
            {
                notFiles.Add(SafeFileName.From(entry.Name) + " (not a safe file name)");
            }
            else if (entry.IsDirectory)
            {
                notFiles.Add(entry.Name + "/");
            }
            else if (!entry.IsRegularFile)
            {
                notFiles.Add(entry.Name + (entry.IsSymbolicLink ? " (a link)" : " (not a regular file)"));
            }
            else
            {
                files.Add(entry);
            }
        }

        _looks = SettleLooks.Load(source.Folder);
        var settled = _looks.Update(files.Select(f => (f.Name, f.Length, f.LastWriteTimeUtc)), pulledAt, TimeSpan.FromSeconds(source.SettleSeconds));
        var waiting = files.Select(f => f.Name).Where(n => !settled.Contains(n)).ToList();
        var staged = new List<string>();
        foreach (var name in settled.Order(StringComparer.Ordinal))
        {
            if (await DownloadAsync(name, _looks.Of(name), cancellationToken) is { } path)
            {
                staged.Add(path);
            }
            else
            {
                waiting.Add(name);
            }
        }

        if (waiting.Count > 0)
        {
            logger.LogInformation("Source {Source}: {Count} file(s) on the server not settled yet, left for a later pull", source.Name, waiting.Count);
        }

        return new PullCandidates(staged, [.. notFiles.Order(StringComparer.Ordinal)], [.. waiting.Order(StringComparer.Ordinal)]);
    }

    public async Task<string> MoveAfterIngestAsync(string path, FileResult result, DateTimeOffset pulledAt, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        var rejected = result.Status == FileStatus.Rejected;
        var client = await ConnectedAsync(cancellationToken);
        var parent = rejected ? FailedFolder : ProcessedFolder;
        await CreateFolderAsync(client, parent, cancellationToken);
        var folder = parent + "/" + SourceFolder.PullFolderName(pulledAt);
        await CreateFolderAsync(client, folder, cancellationToken);

        // An SFTP rename does not replace a file: a name already moved there in the same second (by another server's
        // pull, say) gets a folder of its own rather than failing the move or replacing the earlier copy.
        for (var n = 2; await client.ExistsAsync(folder + "/" + name, cancellationToken); n++)
        {
            folder = parent + "/" + SourceFolder.PullFolderName(pulledAt) + "-" + n.ToString(CultureInfo.InvariantCulture);
            await CreateFolderAsync(client, folder, cancellationToken);
        }

        if (rejected)
        {
            using var reason = new MemoryStream(Encoding.UTF8.GetBytes(SourceFolder.ReasonText(result)));
            await client.UploadFileAsync(reason, folder + "/" + name + ".reason.txt", cancellationToken);
        }

        await client.RenameFileAsync(RemoteFolder + "/" + name, folder + "/" + name, cancellationToken);
        File.Delete(path);
        return $"sftp://{_sftp.Host}:{_sftp.Port}{folder}/{name}";
    }

    public ValueTask DisposeAsync()
    {
        Disconnect();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Downloads one settled file into the staging folder; null when it changed on the server meanwhile (it waits for a
    /// later pull). A dropped connection is reopened and the download started over, up to the configured attempts.
    /// </summary>
    private async Task<string?> DownloadAsync(string name, SettleLooks.Look look, CancellationToken cancellationToken)
    {
        var remote = RemoteFolder + "/" + name;
        var part = OutputFolder.Inside(source.Folder, name + PartSuffix);
        var target = OutputFolder.Inside(source.Folder, name);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var client = await ConnectedAsync(cancellationToken);
                if (!await UnchangedAsync(client, remote, look, cancellationToken))
                {
                    return null;
                }

                string sha256;
                long length;
                await using (var file = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    await using var hashing = new HashingStream(file, hash);
                    var progress = downloadProgress is null ? null : new SynchronousProgress(bytes => downloadProgress(name, bytes));
                    await client.DownloadFileAsync(remote, hashing, progress, cancellationToken);
                    length = file.Length;
                    sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
                }

                if (length != look.Length || !await UnchangedAsync(client, remote, look, cancellationToken))
                {
                    File.Delete(part);
                    return null;
                }

                File.Move(part, target, overwrite: true);
                logger.LogInformation("Source {Source}: downloaded {File} ({Bytes} bytes, SHA-256 {Sha256})", source.Name, name, length, sha256);
                return target;
            }
            catch (Exception ex) when (IsConnectionLost(ex) && !cancellationToken.IsCancellationRequested)
            {
                Disconnect();
                if (attempt >= Math.Max(1, _sftp.DownloadAttempts))
                {
                    throw new InvalidOperationException(
                        $"{_setting}: the connection to {_sftp.Host}:{_sftp.Port} was lost while downloading {name}, {attempt} time(s); "
                        + "the pull is tried again later and nothing of the file was loaded.", ex);
                }

                logger.LogWarning("Source {Source}: the connection was lost while downloading {File} (attempt {Attempt} of {Attempts}: {Reason}); reconnecting",
                    source.Name, name, attempt, _sftp.DownloadAttempts, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), cancellationToken);
            }
        }
    }

    private static async Task<bool> UnchangedAsync(SftpClient client, string remote, SettleLooks.Look look, CancellationToken cancellationToken)
    {
        var attributes = await client.GetAttributesAsync(remote, cancellationToken);
        return attributes.IsRegularFile && attributes.Size == look.Length && attributes.LastWriteTimeUtc == look.ModifiedUtc;
    }

    private static async Task CreateFolderAsync(SftpClient client, string folder, CancellationToken cancellationToken)
    {
        if (await client.ExistsAsync(folder, cancellationToken))
        {
            return;
        }

        try
        {
            await client.CreateDirectoryAsync(folder, cancellationToken);
        }
        catch (SshException) when (client.Exists(folder))
        {
            // Another server's pull made it in between.
        }
    }

    private async Task<SftpClient> ConnectedAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true })
        {
            return _client;
        }

        Disconnect();
        var key = SftpCredentials.Load(_sftp, _setting);
        var connection = new PrivateKeyConnectionInfo(_sftp.Host, _sftp.Port, _sftp.User, key)
        {
            Timeout = TimeSpan.FromSeconds(_sftp.TimeoutSeconds),
        };
        var algorithms = _pin.Algorithms();
        if (algorithms.Count > 0 && connection.HostKeyAlgorithms.Keys.Any(algorithms.Contains))
        {
            foreach (var other in connection.HostKeyAlgorithms.Keys.Where(k => !algorithms.Contains(k)).ToList())
            {
                connection.HostKeyAlgorithms.Remove(other);
            }
        }

        string? refused = null;
        var client = new SftpClient(connection) { OperationTimeout = TimeSpan.FromSeconds(_sftp.TimeoutSeconds) };
        client.HostKeyReceived += (_, e) =>
        {
            e.CanTrust = _pin.Matches(e.HostKey);
            if (!e.CanTrust)
            {
                refused = $"{e.HostKeyName} {HostKeyPin.FingerprintOf(e.HostKey)}";
            }
        };
        try
        {
            await client.ConnectAsync(cancellationToken);
        }
        catch (Exception ex) when (refused is not null && ex is SshException)
        {
            client.Dispose();
            throw new InvalidOperationException(
                $"{_setting}:HostKey: the server {_sftp.Host}:{_sftp.Port} presented the host key {refused}, not the pinned {_pin.Fingerprint}; "
                + "refused, nothing was downloaded. If the server's key was really changed, confirm the new one with its administrator "
                + "(ssh-keyscan, then ssh-keygen -lf) and update HostKey; otherwise someone may be in between.", ex);
        }
        catch (Exception ex) when (ex is SshAuthenticationException)
        {
            client.Dispose();
            throw new InvalidOperationException($"{_setting}: the server {_sftp.Host}:{_sftp.Port} did not accept user '{_sftp.User}' with the configured private key.", ex);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        _client = client;
        return client;
    }

    private void Disconnect()
    {
        if (_client is null)
        {
            return;
        }

        try
        {
            _client.Dispose();
        }
        catch (Exception ex) when (IsConnectionLost(ex))
        {
            // Already gone.
        }

        _client = null;
    }

    private static bool IsConnectionLost(Exception ex) => ex switch
    {
        SftpPathNotFoundException or SftpPermissionDeniedException or SshAuthenticationException => false,
        SshConnectionException or SshOperationTimeoutException or SocketException or ObjectDisposedException => true,
        SshException => true,
        IOException io => io.InnerException is SocketException,
        _ => false,
    };

    /// <summary>Reports on the downloading thread itself (Progress&lt;T&gt; would post to the thread pool, after the fact).</summary>
    private sealed class SynchronousProgress(Action<ulong> report) : IProgress<DownloadFileProgressReport>
    {
        public void Report(DownloadFileProgressReport value) => report((ulong)value.TotalBytesDownloaded);
    }
}
