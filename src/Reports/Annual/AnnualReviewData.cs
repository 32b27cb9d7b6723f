using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;

namespace Outcomes.Reports.Annual;

/// <summary>Everything the annual review shows, read from stored runs and the target and action-plan logs once.</summary>
internal sealed record AnnualReviewData(
    int Year,
    string? Facility,
    DateOnly DataThrough,
    StoredRun YearRun,
    IReadOnlyList<(ReportingPeriod Period, StoredRun? Run)> Quarters,
    IReadOnlyList<TargetReview> Targets,
    RunFigureRows YearRows,
    IReadOnlyList<StoredRun> EffectRuns,
    StoredRun? PriorYearRun = null,
    RunFigureRows? PriorYearRows = null)
{
    /// <summary>The program's own instruments as its loads stored them (<c>program_instrument</c>), listed after the catalogue's.</summary>
    public IReadOnlyList<Ingest.Contract.Instruments.Instrument> ProgramInstruments { get; init; } = [];

    public string Population => Facility is null ? "All facilities" : $"Facility {Facility}";

    public string Scope => Facility ?? Analytics.Runs.Figure.All;

    public int PriorYear => Year - 1;

    /// <summary>What the year's run holds of the data contract version 2's figures for the population: the standards resting on them are claimed only then.</summary>
    public AuditPack.Standards.Held Held => MeasurementBasedCare.HeldBy(YearRun.Run, Scope);

    /// <summary>The target figures missed in the year with no action plan recorded for their target: what a surveyor checks first.</summary>
    public IReadOnlyList<TargetReview> MissedWithoutPlan => [.. Targets.Where(t => t.MissedWithoutPlan)];
}
