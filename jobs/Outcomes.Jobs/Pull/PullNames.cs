using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Profiles;

namespace Outcomes.Jobs.Pull;

/// <summary>Which names a source takes: contract files, or with a profile the profile's exports.</summary>
internal static class PullNames
{
    public static bool Takes(LoadedProfile? profile, string fileName) =>
        profile is null ? DataContract.ForFileName(fileName) is not null : profile.NamesExport(fileName);
}
