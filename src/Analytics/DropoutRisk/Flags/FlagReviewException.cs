namespace Outcomes.Analytics.DropoutRisk.Flags;

/// <summary>A review step that is not allowed; the message names the field and what was expected.</summary>
public sealed class FlagReviewException(string message) : InvalidOperationException(message);
