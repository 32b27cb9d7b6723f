namespace Outcomes.Analytics.DropoutRisk.Flags;

/// <summary>
/// One page of the worklist (<see cref="FlagStore.WorklistAsync"/>): its flags, in the worklist's order, the number of
/// flags before it (<see cref="Offset"/>) and how many flags the filters choose in all (<see cref="Total"/>).
/// </summary>
public sealed record FlagPage(IReadOnlyList<FlagSummary> Flags, int Offset, int Total)
{
    /// <summary>Whether flags follow this page in the worklist's order.</summary>
    public bool HasNext => Offset + Flags.Count < Total;
}
