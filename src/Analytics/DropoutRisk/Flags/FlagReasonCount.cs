namespace Outcomes.Analytics.DropoutRisk.Flags;

/// <summary>How many of a month's flags gave a warning sign among their reasons (<see cref="FlagFollowThrough.Reasons"/>).</summary>
public sealed record FlagReasonCount(string Sign, int Flags);
