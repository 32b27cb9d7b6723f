namespace Outcomes.Jobs.Configuration;

/// <summary>
/// An SFTP server a center (or its EHR vendor, or a clearinghouse) delivers exports to. The private key comes from a
/// file or an environment variable, never from the settings themselves, and never reaches the log. The server's host
/// key is pinned: a server presenting any other key is refused, also on the first connection.
/// </summary>
public sealed class SftpOptions
{
    public string Host { get; set; } = "";

    public int Port { get; set; } = 22;

    public string User { get; set; } = "";

    /// <summary>A file holding the private key (OpenSSH or PEM format), readable by the server's account only.</summary>
    public string? PrivateKeyFile { get; set; }

    /// <summary>Or the name of an environment variable holding the private key's text.</summary>
    public string? PrivateKeyVariable { get; set; }

    /// <summary>A file holding the key's passphrase, when it has one.</summary>
    public string? PassphraseFile { get; set; }

    /// <summary>Or the name of an environment variable holding the passphrase.</summary>
    public string? PassphraseVariable { get; set; }

    /// <summary>
    /// The server's host key, as a line of known_hosts or of <c>ssh-keyscan</c> (<c>[host]:port ssh-ed25519 AAAA...</c>,
    /// the host part optional) or as its fingerprint (<c>SHA256:...</c>, as <c>ssh-keygen -lf</c> prints it).
    /// </summary>
    public string HostKey { get; set; } = "";

    /// <summary>The remote folder exports arrive in (an absolute path on the server).</summary>
    public string RemoteFolder { get; set; } = "";

    /// <summary>Where files go on the server once their batch committed (default: REMOTEFOLDER/processed).</summary>
    public string? RemoteProcessedFolder { get; set; }

    /// <summary>Where files the ingest rejected go on the server, with a note of why (default: REMOTEFOLDER/failed).</summary>
    public string? RemoteFailedFolder { get; set; }

    /// <summary>Attempts at one file's download when the connection drops, before the pull fails (and is retried later).</summary>
    public int DownloadAttempts { get; set; } = 3;

    /// <summary>How long to wait for the server to answer (connecting, and each request).</summary>
    public int TimeoutSeconds { get; set; } = 30;
}
