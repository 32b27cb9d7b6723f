namespace Outcomes.Analytics.DropoutRisk.Scoring;

/// <summary>
/// A day's scoring: how many episodes were scored (and how many in care were not, by reason), how many new flags it raised, and the worklist (every open or
/// acknowledged flag of a patient in care; no identifiers).
/// </summary>
public sealed record ScoringResult(long ModelId, DateOnly Day, int Scored, int Raised, IReadOnlyList<FlaggedEpisode> Flags)
{
    /// <summary>Where the time went, step by step, for the benchmark.</summary>
    public IReadOnlyList<(string Step, TimeSpan Elapsed)> Steps { get; init; } = [];

    /// <summary>Patients in care left unscored, counted by reason (outside the model's days or levels of care); no identifiers.</summary>
    public IReadOnlyList<NotScoredCount> NotScored { get; init; } = [];

    /// <summary>Each facility's patients in IOP or PHP care on the day and the new flags it could raise in any 7 days (<see cref="Flags.FlagCapacity"/>).</summary>
    public IReadOnlyDictionary<string, (int PatientsInCare, int Capacity)> Capacities { get; init; } = new Dictionary<string, (int, int)>();

    /// <summary>
    /// The share of a facility's worklist expected to leave care unplanned within the horizon: the mean of their
    /// risks, which is what a calibrated model promises (checked later against the flags' matured outcomes).
    /// </summary>
    public double? ExpectedPrecision(string facility)
    {
        var risks = Flags.Where(f => f.FacilityId == facility).Select(f => f.Probability).ToList();
        return risks.Count == 0 ? null : risks.Average();
    }
}
