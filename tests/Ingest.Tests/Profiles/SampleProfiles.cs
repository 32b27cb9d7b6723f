using Outcomes.TestSupport;

namespace Outcomes.Ingest.Tests.Profiles;

/// <summary>The example profiles and exports shipped in samples/profiles.</summary>
internal static class SampleProfiles
{
    public static string Profile(string name) => Path.Combine(RepositoryData.RepositoryRoot(), "samples", "profiles", name, "profile.json");

    public static string Export(string name) => Path.Combine(RepositoryData.RepositoryRoot(), "samples", "profiles", name, "export");
}
