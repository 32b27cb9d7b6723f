namespace Outcomes.Web.Worklist;

/// <summary>
/// A flag's stored reason split for the page: the sign in plain words, whether it raises or lowers the risk, and the
/// suggested action when scoring gave one (RiskReasons writes "WORDS: raises risk[ strongly][ — suggested: ACTION]").
/// </summary>
internal sealed record ReasonLine(string Words, string? Direction, string? SuggestedAction)
{
    private const string Suggested = " — suggested: ";

    public bool Raises => Direction?.StartsWith("raises", StringComparison.Ordinal) == true;

    public static ReasonLine Parse(string reason)
    {
        var (text, action) = reason.LastIndexOf(Suggested, StringComparison.Ordinal) is var s and >= 0
            ? (reason[..s], reason[(s + Suggested.Length)..])
            : (reason, null);
        var colon = text.LastIndexOf(": ", StringComparison.Ordinal);
        return colon >= 0 && text[(colon + 2)..] is var direction && (direction.StartsWith("raises risk", StringComparison.Ordinal) || direction.StartsWith("lowers risk", StringComparison.Ordinal))
            ? new ReasonLine(text[..colon], direction, action)
            : new ReasonLine(text, null, action);
    }
}
