using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Outcomes.Jobs.Pull;

/// <summary>
/// The one host key an SFTP server may present: from a known_hosts (or <c>ssh-keyscan</c>) line, whose key type also
/// narrows what the client offers, or from a SHA-256 fingerprint as <c>ssh-keygen -lf</c> prints it. There is no
/// trust on first use: a server with any other key is refused.
/// </summary>
internal sealed class HostKeyPin
{
    private HostKeyPin(string fingerprint, string? keyType)
    {
        Fingerprint = fingerprint;
        KeyType = keyType;
    }

    /// <summary>"SHA256:" and the unpadded base64 of the key's SHA-256, as OpenSSH prints it.</summary>
    public string Fingerprint { get; }

    /// <summary>The key type of a known_hosts line (ssh-ed25519, ssh-rsa, ...); null for a bare fingerprint.</summary>
    public string? KeyType { get; }

    public static HostKeyPin? Parse(string? text, out string? problem)
    {
        problem = null;
        var value = (text ?? "").Trim();
        if (value.StartsWith("SHA256:", StringComparison.Ordinal))
        {
            var digest = value["SHA256:".Length..].TrimEnd('=');
            if (digest.Length == 43 && TryBase64(digest + "=", out var bytes) && bytes.Length == 32)
            {
                return new HostKeyPin("SHA256:" + digest, null);
            }

            problem = "expected a fingerprint of the form SHA256: and 43 base64 characters (ssh-keygen -lf prints it).";
            return null;
        }

        // [host]:port ssh-ed25519 AAAA... [comment]: the host part and the comment are optional.
        var parts = value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < parts.Length; i++)
        {
            if (TryBase64(parts[i + 1], out var blob) && BlobType(blob) == parts[i])
            {
                return new HostKeyPin(FingerprintOf(blob), parts[i]);
            }
        }

        problem = "expected the server's host key as a known_hosts line (e.g. 'ssh-ed25519 AAAA...', from ssh-keyscan or the server's "
            + "/etc/ssh/ssh_host_ed25519_key.pub) or its fingerprint 'SHA256:...'.";
        return null;
    }

    /// <summary>OpenSSH's fingerprint of a public key blob.</summary>
    public static string FingerprintOf(byte[] blob) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');

    public bool Matches(byte[] presentedKey) => string.Equals(FingerprintOf(presentedKey), Fingerprint, StringComparison.Ordinal);

    /// <summary>The host key algorithms that can present a key of this type (an RSA key signs with SHA-2 or SHA-1).</summary>
    public IReadOnlyList<string> Algorithms() => KeyType switch
    {
        null => [],
        "ssh-rsa" => ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"],
        _ => [KeyType],
    };

    private static bool TryBase64(string text, out byte[] bytes)
    {
        bytes = new byte[text.Length];
        if (Convert.TryFromBase64String(text, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        return false;
    }

    // A public key blob starts with its type as an SSH string (a 4-byte big-endian length, then the name).
    private static string? BlobType(byte[] blob)
    {
        if (blob.Length < 4)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(blob);
        return length is > 0 and < 64 && blob.Length >= 4 + length ? Encoding.ASCII.GetString(blob, 4, (int)length) : null;
    }
}
