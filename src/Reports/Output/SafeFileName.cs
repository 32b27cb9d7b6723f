using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Outcomes.Reports.Output;

/// <summary>
/// Turns an identifier that came from data (a facility id, a program id, a period, a file name) into one file or
/// folder name that cannot leave the folder it is put in: ASCII letters, digits, '-', '_' and '.', never a leading
/// '.', never two dots in a row, never a trailing '.', never a Windows device name, at most <see cref="MaxLength"/>
/// characters. A value already of that shape is kept as it is; any other value gets the cleaned text followed by
/// '-' and 16 hex digits of the SHA-256 of the original, so two different values never share a name (a value that
/// itself ends like such a suffix is given one too, so it cannot imitate another value's cleaned name).
/// </summary>
public static class SafeFileName
{
    public const int MaxLength = 80;

    private const int HashLength = 16;

    private static readonly HashSet<string> DeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>The name for <paramref name="value"/>; the same value always gives the same name.</summary>
    public static string From(string? value)
    {
        value ??= "";
        if (IsSafe(value) && !EndsLikeSuffix(value))
        {
            return value;
        }

        var clean = new char[value.Length];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            clean[i] = IsAllowed(c) && !(c == '.' && (i == 0 || clean[i - 1] == '.')) ? c : '_';
        }

        var text = new string(clean);
        if (DeviceNames.Contains(text.Split('.')[0]))
        {
            text = "_" + text;
        }

        var room = MaxLength - HashLength - 1;
        if (text.Length > room)
        {
            text = text[..room];
        }

        text = text.TrimEnd('.');
        return (text.Length == 0 ? "_" : text) + "-" + Hash(value);
    }

    /// <summary>Whether <paramref name="name"/> is already a name <see cref="From"/> would keep or make.</summary>
    public static bool IsSafe(string name)
    {
        if (name.Length is 0 or > MaxLength || name[0] == '.' || name[^1] == '.' || name.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        if (DeviceNames.Contains(name.Split('.')[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsAllowed(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    private static bool EndsLikeSuffix(string name) =>
        name.Length > HashLength && name[^(HashLength + 1)] == '-' && name[^HashLength..].All(char.IsAsciiHexDigitLower);

    // UTF-16 code units, not UTF-8: every .NET string (lone surrogates included) hashes differently from every other.
    private static string Hash(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(value.AsSpan())))[..HashLength];
}
