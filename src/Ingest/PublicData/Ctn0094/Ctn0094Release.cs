using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Outcomes.Ingest.PublicData.Ctn0094;

/// <summary>
/// What a release of the CTN-0094 data does not say itself, declared once per release: each trial's calendar day for
/// study day 0 (the release has study days only), its arms' program ids and study medication, and which trial's model
/// is validated on which. Everything else (trials, arms, randomisations, phases, visit schedules) comes from the
/// release's tables; a trial or arm not declared here still loads, with what is derived for it reported.
/// </summary>
internal sealed record Ctn0094Release(string Release, IReadOnlyList<Ctn0094Release.Trial> Trials, IReadOnlyList<Ctn0094Release.Validation> Validations)
{
    /// <summary>The file name a release folder may hold to declare itself; the built-in declaration applies otherwise.</summary>
    public const string FileName = "release.json";

    private const string BuiltInResource = "public.ctn0094data.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The declaration of public.ctn0094data 1.0.6 (trials CTN-0027 and CTN-0051), carried in this library.</summary>
    public static Ctn0094Release BuiltIn()
    {
        var assembly = typeof(Ctn0094Release).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(BuiltInResource, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        return Parse(stream, BuiltInResource);
    }

    /// <summary>The declaration for a release folder: the given file, else the folder's <see cref="FileName"/>, else the built-in one.</summary>
    public static Ctn0094Release For(string sourceFolder, string? releaseFile)
    {
        var path = releaseFile ?? Path.Combine(sourceFolder, FileName);
        if (releaseFile is null && !File.Exists(path))
        {
            return BuiltIn();
        }

        using var stream = File.OpenRead(path);
        return Parse(stream, Path.GetFileName(path));
    }

    public static Ctn0094Release Parse(Stream stream, string name)
    {
        Ctn0094Release? release;
        try
        {
            release = JsonSerializer.Deserialize<Ctn0094Release>(stream, Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{name}: not a CTN-0094 release declaration (line {ex.LineNumber + 1}, {ex.Path}): {ex.Message}", ex);
        }

        if (release is null)
        {
            throw new InvalidDataException($"{name}: empty; expected {{ \"release\", \"trials\": [...], \"validations\": [...] }}.");
        }

        if (release.Trials is null)
        {
            throw new InvalidDataException($"{name}: trials is missing; expected a list of {{ \"project\", \"studyDayZero\", \"arms\" }}.");
        }

        release = release with { Release = release.Release ?? name, Validations = release.Validations ?? [] };
        release.Check(name);
        return release;
    }

    public Trial? Find(string project) => Trials.FirstOrDefault(t => t.Project == project);

    private void Check(string name)
    {
        foreach (var (trial, i) in Trials.Select((t, i) => (t, i)))
        {
            if (string.IsNullOrWhiteSpace(trial.Project))
            {
                throw new InvalidDataException($"{name}: trials[{i}].project is missing; expected the trial's everybody.project value.");
            }

            if (trial.StudyDayZero is { } day && !DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                throw new InvalidDataException($"{name}: trials[{i}].studyDayZero '{day}' is not a date; expected yyyy-MM-dd.");
            }

            foreach (var (arm, j) in (trial.Arms ?? []).Select((a, j) => (a, j)))
            {
                if (string.IsNullOrWhiteSpace(arm.Treatment) || string.IsNullOrWhiteSpace(arm.Program))
                {
                    throw new InvalidDataException($"{name}: trials[{i}].arms[{j}] needs treatment (the randomization.treatment value) and program (a contract program id).");
                }
            }
        }

        foreach (var (v, i) in Validations.Select((v, i) => (v, i)))
        {
            if (string.IsNullOrWhiteSpace(v.Train) || string.IsNullOrWhiteSpace(v.Test) || v.Train == v.Test)
            {
                throw new InvalidDataException($"{name}: validations[{i}] needs two different trials, train and test.");
            }
        }
    }

    /// <summary>
    /// A trial: its project id in everybody.csv, a display name, the calendar day of study day 0 and why that day, what
    /// its paper published (shown beside the figures), its arms in comparison order (comparator first).
    /// </summary>
    internal sealed record Trial(string Project, string? Name, string? StudyDayZero, string? StudyDayZeroSource, string? Published, IReadOnlyList<Arm>? Arms);

    /// <summary>An arm: the randomization.treatment value, its program, and the study medication positive screens are expected for.</summary>
    internal sealed record Arm(string Treatment, string Program, string? Name, string? StudyMedication, int? InjectionCoverDays);

    /// <summary>An external validation of the dropout model: trained on one trial's arms, tested on another's.</summary>
    internal sealed record Validation(string Train, string Test);
}
