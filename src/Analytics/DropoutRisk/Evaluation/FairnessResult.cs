using Outcomes.Analytics.Proportions;

namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// The flag rule's effect on one group of the test snapshots (<see cref="FairnessEvaluation"/>): how many were flagged,
/// how many were followed by an unplanned discharge, how many of those were flagged; the flag rate, the sensitivity
/// (flagged among those who left) and the precision (left among those flagged), each with its Wilson interval.
/// </summary>
public sealed record FairnessResult(string Attribute, string Group, int Rows, int Flagged, int Events, int FlaggedEvents)
{
    public Proportion FlagRate => new(Flagged, Rows);

    public Proportion Sensitivity => new(FlaggedEvents, Events);

    public Proportion Precision => new(FlaggedEvents, Flagged);
}
