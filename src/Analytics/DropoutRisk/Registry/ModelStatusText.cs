namespace Outcomes.Analytics.DropoutRisk.Registry;

/// <summary>
/// A <see cref="ModelStatus"/> as <c>dropout_model.status</c> stores it and as people read it: "candidate",
/// "promoted" or "retired" (the column's check constraint, migration 0003).
/// </summary>
public static class ModelStatusText
{
    public static string ToText(this ModelStatus status) => status switch
    {
        ModelStatus.Candidate => "candidate",
        ModelStatus.Promoted => "promoted",
        ModelStatus.Retired => "retired",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a model status."),
    };

    /// <summary>The status a stored text names; anything else is an error (the column allows nothing else).</summary>
    public static ModelStatus Parse(string text) => text switch
    {
        "candidate" => ModelStatus.Candidate,
        "promoted" => ModelStatus.Promoted,
        "retired" => ModelStatus.Retired,
        _ => throw new InvalidOperationException("dropout_model.status holds a value that is not a model status."),
    };
}
