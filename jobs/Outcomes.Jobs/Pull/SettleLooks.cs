using System.Text.Json;
using Outcomes.Reports.Output;

namespace Outcomes.Jobs.Pull;

/// <summary>
/// What the last pull saw of each remote file (size and modification time), kept in the staging folder. A remote file
/// is settled when a look at least the settle time old saw it with the same size and time: an SFTP server shows no
/// file still open for writing, so two looks apart are how a half-written upload is told from a finished one.
/// </summary>
internal sealed class SettleLooks
{
    public const string FileName = ".sftp-looks.json";

    private readonly string _path;
    private readonly Dictionary<string, Look> _looks;

    private SettleLooks(string path, Dictionary<string, Look> looks) => (_path, _looks) = (path, looks);

    public static SettleLooks Load(string stagingFolder)
    {
        var path = OutputFolder.Inside(stagingFolder, FileName);
        Dictionary<string, Look>? looks = null;
        if (File.Exists(path))
        {
            try
            {
                looks = JsonSerializer.Deserialize<Dictionary<string, Look>>(File.ReadAllText(path));
            }
            catch (JsonException)
            {
                // A damaged file costs one more look, nothing else.
            }
        }

        return new SettleLooks(path, looks ?? new Dictionary<string, Look>(StringComparer.Ordinal));
    }

    /// <summary>
    /// Records this look at <paramref name="files"/> and returns the names that are settled; names no longer listed are
    /// forgotten. A file that changed since the last look starts waiting again.
    /// </summary>
    public IReadOnlySet<string> Update(IEnumerable<(string Name, long Length, DateTime ModifiedUtc)> files, DateTimeOffset now, TimeSpan settle)
    {
        var settled = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, length, modified) in files)
        {
            seen.Add(name);
            if (_looks.TryGetValue(name, out var look) && look.Length == length && look.ModifiedUtc == modified)
            {
                if (now - look.SeenAt >= settle)
                {
                    settled.Add(name);
                }
            }
            else
            {
                _looks[name] = new Look(length, modified, now);
            }
        }

        foreach (var gone in _looks.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _looks.Remove(gone);
        }

        Save();
        return settled;
    }

    /// <summary>The recorded size and time of <paramref name="name"/>, which a download must still find.</summary>
    public Look Of(string name) => _looks[name];

    private void Save()
    {
        var writing = _path + ".writing";
        File.WriteAllText(writing, JsonSerializer.Serialize(_looks));
        File.Move(writing, _path, overwrite: true);
    }

    internal sealed record Look(long Length, DateTime ModifiedUtc, DateTimeOffset SeenAt);
}
