using Outcomes.Synthetic.Care;
using Outcomes.Synthetic.Clinical;
using Outcomes.Synthetic.Dirt;
using Outcomes.Synthetic.Output;
using Outcomes.Synthetic.Truth;

namespace Outcomes.Synthetic.Cohort;

/// <summary>
/// Generates a cohort: DIR/drop/ (every contract file, ready to ingest) and DIR/truth/ beside it (never
/// ingested: the planted truth per episode, the planted effects, the malformed rows, the settings, and when asked for
/// the true risk at each landmark). Files are
/// written in a scratch folder inside DIR and moved into place when complete, so a reader never sees half a file.
/// </summary>
public static class CohortGenerator
{
    public const string DropFolderName = "drop";
    public const string TruthFolderName = "truth";

    private const int ProgressEveryPatients = 4096;

    /// <param name="progress">episodes generated so far, now and then</param>
    public static CohortSummary Generate(CohortOptions options, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        var output = Path.GetFullPath(options.OutputFolder);
        var scratch = Path.Combine(output, ".generating-" + Guid.NewGuid().ToString("N")[..12]);
        var scratchDrop = Path.Combine(scratch, DropFolderName);
        var scratchTruth = Path.Combine(scratch, TruthFolderName);
        try
        {
            Directory.CreateDirectory(scratchDrop);
            Directory.CreateDirectory(scratchTruth);
            var facilities = new FacilityRoster(options.Facilities);
            var model = DropoutModel.Create(options.Seed, facilities, options.PhpEntryShares);

            IReadOnlyList<GeneratedFile> files;
            long patients;
            using (var dirt = new DirtInjector(scratchTruth, options.DirtyRate, options.Seed))
            using (var drop = new DropFiles(scratchDrop, dirt))
            using (var truth = new TruthEpisodeWriter(scratchTruth))
            using (var courses = new TruthCourseWriter(scratchTruth))
            using (var landmarks = options.LandmarkRiskDays is { } days ? new TruthLandmarkWriter(scratchTruth, days, options.LandmarkRiskHorizonDays, options.EndDate) : null)
            {
                WritePrograms(drop, facilities);
                var simulator = new PathwaySimulator(options, facilities, model, drop, truth, courses, landmarks);
                for (long patient = 0; simulator.RemainingEpisodes > 0; patient++)
                {
                    simulator.SimulatePatient(patient);
                    if (patient % ProgressEveryPatients == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        progress?.Report(options.EpisodeCount - simulator.RemainingEpisodes);
                    }
                }

                files = [.. drop.All.Select(f => new GeneratedFile(f.FileName, f.CleanRows, f.DirtyRows))];
                patients = simulator.Patients;
            }

            EffectsFile.Write(scratchTruth, model, facilities);
            MeasurementWriter.WriteTruth(scratchTruth);
            CohortManifest.Write(scratchTruth, options, [.. facilities.Ids.Select((id, i) => (id, model.PhpEntryShares[i]))], patients, options.EpisodeCount, files);

            var dropFolder = Path.Combine(output, DropFolderName);
            var truthFolder = Path.Combine(output, TruthFolderName);
            Publish(scratchDrop, dropFolder);
            Publish(scratchTruth, truthFolder);
            return new CohortSummary(dropFolder, truthFolder, patients, options.EpisodeCount, files);
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    private static void WritePrograms(DropFiles drop, FacilityRoster facilities)
    {
        var p = drop.Programs;
        for (var f = 0; f < facilities.Count; f++)
        {
            foreach (var profile in LevelProfiles.All)
            {
                p.File.Set(p.Facility, facilities.Ids[f]);
                p.File.Set(p.Program, profile.ProgramId);
                p.File.Set(p.Name, $"{facilities.Ids[f]} {profile.ProgramName}");
                p.File.Set(p.LevelOfCare, profile.LevelOfCare);
                p.File.Set(p.AsamLevel, profile.AsamLevel);
                p.File.Set(p.AsamEdition, 3);
                p.File.Set(p.PlannedWeeks, profile.PlannedWeeks(f));
                p.File.Set(p.PlannedHours, profile.PlannedHours(f));
                p.File.EndRow();
            }
        }
    }

    /// <summary>Moves each finished file over its earlier version (a rename: readers see the old or the new file whole).</summary>
    private static void Publish(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Move(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }
}
