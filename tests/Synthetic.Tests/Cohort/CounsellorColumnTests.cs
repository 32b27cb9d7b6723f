using System.Security.Cryptography;
using Outcomes.Synthetic.Care;
using Xunit;

namespace Outcomes.Synthetic.Tests.Cohort;

/// <summary>
/// episodes.csv's counsellor column is picked by a hash of the episode id, not drawn from the cohort's random streams, so
/// adding it left every other file of a drop byte for byte as it was. The hashes below are of the files that
/// <c>outcomes generate --episodes 800 --dirty 0.01 --seed 7</c> wrote before the column existed: a change to the generator
/// that moves them on purpose updates them here, and says why in its commit. The data-contract-v2 files (assessments,
/// referrals, surveys and truth/measurement.csv) draw from a stream of their own and left them so too: only
/// truth/cohort.csv names the new contract version and counts the new files' rows.
/// </summary>
public sealed class CounsellorColumnTests : IDisposable
{
    private static readonly Dictionary<string, string> BeforeTheColumn = new()
    {
        ["drop/drug_screens.csv"] = "6ceca0f07c981a51fb052e20c6d78727bdcf4d247024b1cb72a8b477ef6e25f3",
        ["drop/episodes.csv"] = "36cf47a087201cbe4b7a67c1e72dc520e5a983ff518af7c86d3c1716a494c10e",
        ["drop/family_contacts.csv"] = "7b2d43c6fcdf66644988d76227cc514bf45995fe3c4b440935bda56375ca8855",
        ["drop/follow_ups.csv"] = "9dc1f15493a2ecd159b6c3d27c74545878213e834d8c52318ddd34e81ca5035b",
        ["drop/patients.csv"] = "bff9b395ae4eb3b63b97d620f914a5fe3380ff492636e0db7aa211fcd187a2bc",
        ["drop/programs.csv"] = "9799991d8e050455445b04aaf376f4bc95be9d3f659f79af5495c996dc6c66ca",
        ["drop/relapse_events.csv"] = "28d1f403c9ecdeb85d9525f6967508f755d764753e05f09f3bbebacd2f7340a7",
        ["drop/sessions.csv"] = "5b4a0e7cec82e853ebc18dca30b8dcf7b9d9305b9feb7d9a0e1b8a8c7e51320b",
        ["truth/cohort.csv"] = "73981976c48bf1c28f1e93289fb7bcf2c7a748c88b445ce69e92b602deec5a2e",
        ["truth/courses.csv"] = "8b30fad35166e0ec5b85bdf57fa0d7627db05aab877f256a0c6414c7ed39d639",
        ["truth/dirty_rows.csv"] = "e2f28947232d8a71c44c1e0789fc8e4924998d69e1d6b69a46cc76e6161bad45",
        ["truth/effects.csv"] = "7c63ec3ac88696593f62b57d31708a593ce644a7fd6f732948f0f63e869deb98",
        ["truth/episodes.csv"] = "7ddd72664865a600b7a38459bdd84a111cf547a5a256dca715b5bb43926a82ff",
    };

    private static readonly string[] VersionTwoFiles = ["drop/assessments.csv", "drop/referrals.csv", "drop/surveys.csv", "truth/measurement.csv"];

    private readonly GeneratedCohort _cohort = new(episodes: 800, dirtyRate: 0.01, seed: 7);

    [Fact]
    public void Every_other_file_is_byte_identical_to_the_generation_before_the_column_and_episodes_csv_is_too_without_it()
    {
        var files = Directory.EnumerateFiles(_cohort.Folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_cohort.Folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(BeforeTheColumn.Keys.Concat(VersionTwoFiles).Order(StringComparer.Ordinal), files);

        foreach (var file in BeforeTheColumn.Keys.Where(f => f is not "drop/episodes.csv" and not "truth/cohort.csv"))
        {
            Assert.True(BeforeTheColumn[file] == Sha256(File.ReadAllBytes(Path.Combine(_cohort.Folder, file))), $"{file} changed");
        }

        // The counsellor is the last column, and no value of episodes.csv holds a comma: cutting each line at its last comma
        // takes the column away (on the malformed row missing a field, it takes the field that row's turn left there).
        var lines = File.ReadAllLines(Path.Combine(_cohort.DropFolder, "episodes.csv"));
        Assert.EndsWith(",counsellor", lines[0], StringComparison.Ordinal);
        var stripped = string.Concat(lines.Select(l => l[..l.LastIndexOf(',')] + "\n"));
        Assert.Equal(BeforeTheColumn["drop/episodes.csv"], Sha256(System.Text.Encoding.UTF8.GetBytes(stripped)));

        // The manifest as it was: version 1, and no rows of the version-2 files.
        var manifest = File.ReadAllLines(Path.Combine(_cohort.TruthFolder, "cohort.csv"))
            .Where(l => !VersionTwoFiles.Any(f => l.Contains(":" + Path.GetFileName(f) + ",", StringComparison.Ordinal)))
            .Select(l => l == "data_contract_version,2" ? "data_contract_version,1" : l);
        Assert.Equal(BeforeTheColumn["truth/cohort.csv"], Sha256(System.Text.Encoding.UTF8.GetBytes(string.Concat(manifest.Select(l => l + "\n")))));
    }

    [Fact]
    public void Each_facility_has_a_few_counsellors_and_an_episode_keeps_its_counsellor_whatever_the_seed()
    {
        using var other = new GeneratedCohort(episodes: 800, dirtyRate: 0, seed: 8);
        var episodes = _cohort.Clean("episodes.csv");

        Assert.All(episodes, e => Assert.Equal(Counsellors.Of(e["facility_id"], e["episode_id"]), e["counsellor"]));
        foreach (var facility in episodes.GroupBy(e => e["facility_id"]))
        {
            var codes = facility.Select(e => e["counsellor"]).Distinct().Order(StringComparer.Ordinal).ToList();
            Assert.InRange(codes.Count, Counsellors.FewestPerFacility, Counsellors.MostPerFacility);
            Assert.Equal(Enumerable.Range(1, codes.Count).Select(n => Counsellors.Code(facility.Key, n)), codes);
            Assert.All(codes, c => Assert.Matches("^C-FAC[0-9]{2}-[0-9]{2}$", c));
        }

        var byId = episodes.ToDictionary(e => (e["facility_id"], e["episode_id"]), e => e["counsellor"]);
        var shared = other.Clean("episodes.csv").Where(e => byId.ContainsKey((e["facility_id"], e["episode_id"]))).ToList();
        Assert.NotEmpty(shared);
        Assert.All(shared, e => Assert.Equal(byId[(e["facility_id"], e["episode_id"])], e["counsellor"]));
    }

    public void Dispose() => _cohort.Dispose();

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
