using System.Text;
using Outcomes.Ingest.Profiles;
using Outcomes.TestSupport;

namespace Outcomes.Ingest.Tests.Profiles;

/// <summary>The example profiles and exports shipped in samples/profiles.</summary>
internal static class SampleProfiles
{
    public static string Profile(string name) => Path.Combine(RepositoryData.RepositoryRoot(), "samples", "profiles", name, "profile.json");

    /// <summary>An example profile with its facility replaced, so that tests sharing a database do not meet.</summary>
    public static LoadedProfile Load(string name, string facility)
    {
        var json = File.ReadAllText(Profile(name));
        var original = ProfileLoader.Load(Profile(name)).Document.Facility;
        return ProfileLoader.Parse("profile.json", Encoding.UTF8.GetBytes(json.Replace($"\"facility\": \"{original}\"", $"\"facility\": \"{facility}\"", StringComparison.Ordinal)));
    }

    public static string Export(string name) => Path.Combine(RepositoryData.RepositoryRoot(), "samples", "profiles", name, "export");
}
