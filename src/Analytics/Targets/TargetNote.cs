namespace Outcomes.Analytics.Targets;

/// <summary>
/// The quality team's written analysis of a target's year and the extenuating factors they name (<c>target_note</c>,
/// <c>outcomes targets note</c>): the latest of a target and year is the one the annual review shows. Who wrote it and
/// when are the server's (the login and its clock).
/// </summary>
public sealed class TargetNote
{
    public long NoteId { get; init; }

    public long TargetId { get; init; }

    public int ReviewYear { get; init; }

    public string Analysis { get; init; } = "";

    public string? ExtenuatingFactors { get; init; }

    public string WrittenBy { get; init; } = "";

    public DateTime WrittenAt { get; init; }
}
