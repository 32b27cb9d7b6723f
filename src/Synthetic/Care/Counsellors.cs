using System.Globalization;

namespace Outcomes.Synthetic.Care;

/// <summary>
/// The primary counsellor of a synthetic episode (episodes.csv, column counsellor): a few counsellors per facility, with
/// codes like <c>C-FAC01-03</c>. The counsellor is picked by a hash of the episode id, never drawn from the cohort's random
/// streams, so every other file of a drop, and every figure computed from them, stays byte for byte what it was for the same
/// seed. No counsellor changes any episode's course: the generator plants no counsellor effect.
/// </summary>
internal static class Counsellors
{
    /// <summary>Each facility has from this many counsellors ...</summary>
    public const int FewestPerFacility = 3;

    /// <summary>... to this many, by a hash of its id.</summary>
    public const int MostPerFacility = 6;

    public static int CountAt(string facilityId) =>
        FewestPerFacility + (int)(Hash(facilityId) % (MostPerFacility - FewestPerFacility + 1));

    public static string Of(string facilityId, string episodeId) =>
        Code(facilityId, 1 + (int)(Hash(episodeId) % (uint)CountAt(facilityId)));

    public static string Code(string facilityId, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"C-{facilityId}-{number:D2}");

    /// <summary>FNV-1a over the id's characters: the same on every machine and run (unlike string.GetHashCode).</summary>
    private static uint Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
