using System.Globalization;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Ingest.Contract;

namespace Outcomes.Synthetic.Cohort;

/// <summary>What cohort to generate; <see cref="Validate"/> says what is wrong in words a user can act on.</summary>
public sealed record CohortOptions
{
    /// <summary>
    /// The default last day of the data. Fixed, so that the same seed gives the same files on any day
    /// (the generator never reads the clock); pass another with --end-date.
    /// </summary>
    public static readonly DateOnly DefaultEndDate = new(2026, 6, 30);

    public const int DefaultFacilities = 3;
    public const int DefaultMonths = 24;
    public const int DefaultSeed = 42;

    /// <summary>Without --episodes: this many episodes per facility and month, a mid-sized center's IOP and PHP.</summary>
    public const int EpisodesPerFacilityMonth = 40;

    public const int MaxFacilities = 99;
    public const int MaxMonths = 240;
    public const double MaxDirtyRate = 0.5;

    /// <summary>The folder that receives drop/ and truth/.</summary>
    public required string OutputFolder { get; init; }

    public int Facilities { get; init; } = DefaultFacilities;

    public int Months { get; init; } = DefaultMonths;

    /// <summary>Episodes in all; null for <see cref="EpisodesPerFacilityMonth"/> per facility and month.</summary>
    public int? Episodes { get; init; }

    public int Seed { get; init; } = DefaultSeed;

    /// <summary>Chance that a malformed row follows a clean one (0 = a clean drop).</summary>
    public double DirtyRate { get; init; }

    public DateOnly EndDate { get; init; } = DefaultEndDate;

    /// <summary>
    /// The share of courses that begin in PHP at each facility, in facility order. Null (the default, and the demo's) for
    /// facilities that differ: the one with the highest planted dropout begins the most courses in PHP, about 15% to 50%
    /// around three in ten overall (<c>FacilityEntryShares</c>). Facilities that differ in their PHP share and in their
    /// dropout confound a comparison of IOP and PHP that ignores the facility, as in real networks; the statistics are
    /// tested on such cohorts. Give the same share for every facility for a cohort without that confounding.
    /// </summary>
    public IReadOnlyList<double>? PhpEntryShares { get; init; }

    /// <summary>
    /// Landmark days (after admission) at which to write each PHP and IOP episode's true risk to truth/landmark_risk.csv
    /// (<c>TruthLandmarkWriter</c>), such as a model's landmark set; null (the default) writes no such file. Either way
    /// every other file is the same.
    /// </summary>
    public IReadOnlyList<int>? LandmarkRiskDays { get; init; }

    /// <summary>The horizon of the true risk at each landmark: an unplanned discharge within this many days.</summary>
    public int LandmarkRiskHorizonDays { get; init; } = SnapshotQuery.DefaultHorizonDays;

    public int EpisodeCount => Episodes ?? Facilities * Months * EpisodesPerFacilityMonth;

    /// <summary>The first day admissions may fall on.</summary>
    public DateOnly WindowStart => EndDate.AddMonths(-Months).AddDays(1);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(OutputFolder))
        {
            problems.Add("--out: expected the folder to write drop/ and truth/ into.");
        }

        if (Facilities is < 1 or > MaxFacilities)
        {
            problems.Add($"--facilities: expected 1 to {MaxFacilities}.");
        }

        if (Months is < 1 or > MaxMonths)
        {
            problems.Add($"--months: expected 1 to {MaxMonths}.");
        }

        if (Episodes is < 1)
        {
            problems.Add("--episodes: expected a positive number of episodes.");
        }

        if (DirtyRate is < 0 or > MaxDirtyRate || double.IsNaN(DirtyRate))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"--dirty: expected a rate from 0 to {MaxDirtyRate}, such as 0.002 (one malformed row in about 500)."));
        }

        if (PhpEntryShares is { } shares && (shares.Count != Facilities || shares.Any(share => share is <= 0 or >= 1 || double.IsNaN(share))))
        {
            problems.Add($"PHP entry shares: expected one share between 0 and 1 (both excluded) for each of the {Facilities} facilities.");
        }

        if (LandmarkRiskDays is { } days && (days.Count == 0 || days.Any(day => day < 1)) || LandmarkRiskHorizonDays < 1)
        {
            problems.Add("Landmark risk: expected one or more landmark days of at least 1 and a horizon of at least 1 day.");
        }

        if (Months is >= 1 and <= MaxMonths && WindowStart < ClinicalLimits.EarliestCareDate)
        {
            problems.Add($"--end-date: with --months {Months} the cohort would start before {ClinicalLimits.EarliestCareDate:yyyy-MM-dd}, which the data contract rejects.");
        }

        return problems;
    }
}
