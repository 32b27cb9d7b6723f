using Outcomes.Jobs.Configuration;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Outcomes.Jobs.Pull;

/// <summary>
/// The private key of an SFTP source, read from its file or environment variable when a pull connects. Messages name
/// the setting that is wrong, never the key or passphrase.
/// </summary>
internal static class SftpCredentials
{
    public static PrivateKeyFile Load(SftpOptions sftp, string setting)
    {
        var keySetting = sftp.PrivateKeyFile is { Length: > 0 } ? $"{setting}:PrivateKeyFile" : $"{setting}:PrivateKeyVariable";
        var key = sftp.PrivateKeyFile is { Length: > 0 } file ? ReadFile(file, keySetting) : ReadVariable(sftp.PrivateKeyVariable, keySetting);
        var passphrase = sftp.PassphraseFile is { Length: > 0 } passphraseFile
            ? ReadFile(passphraseFile, $"{setting}:PassphraseFile").TrimEnd('\r', '\n')
            : sftp.PassphraseVariable is { Length: > 0 } variable ? ReadVariable(variable, $"{setting}:PassphraseVariable") : null;
        try
        {
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(key));
            return passphrase is null ? new PrivateKeyFile(stream) : new PrivateKeyFile(stream, passphrase);
        }
        catch (Exception ex) when (ex is SshException or InvalidOperationException or ArgumentException or FormatException or NotSupportedException)
        {
            // Neither its message nor it as the inner exception: a parser's message may quote what it read, and the job log keeps both.
            throw new InvalidOperationException(
                $"{keySetting}: the private key could not be read ({ex.GetType().Name}: not an OpenSSH or PEM private key, or a wrong or missing passphrase).");
        }
    }

    public static string? Problem(SftpOptions sftp)
    {
        var fromFile = !string.IsNullOrWhiteSpace(sftp.PrivateKeyFile);
        var fromVariable = !string.IsNullOrWhiteSpace(sftp.PrivateKeyVariable);
        if (fromFile == fromVariable)
        {
            return "PrivateKeyFile: expected either PrivateKeyFile (a file holding the private key) or PrivateKeyVariable "
                + "(the name of an environment variable holding it), not both and not neither.";
        }

        if (fromFile && !File.Exists(sftp.PrivateKeyFile))
        {
            return "PrivateKeyFile: the file does not exist.";
        }

        if (fromVariable && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(sftp.PrivateKeyVariable!)))
        {
            return $"PrivateKeyVariable: the environment variable '{sftp.PrivateKeyVariable}' is not set.";
        }

        if (!string.IsNullOrWhiteSpace(sftp.PassphraseFile) && !File.Exists(sftp.PassphraseFile))
        {
            return "PassphraseFile: the file does not exist.";
        }

        return null;
    }

    private static string ReadFile(string path, string setting)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{setting}: the file could not be read ({ex.GetType().Name}).", ex);
        }
    }

    private static string ReadVariable(string? name, string setting) =>
        Environment.GetEnvironmentVariable(name ?? "") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{setting}: the environment variable '{name}' is not set.");
}
