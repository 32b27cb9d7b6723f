namespace Outcomes.Reports.Monthly;

/// <summary>
/// One month of a Dashboard panel as stored: the events and cases of its figure (0 and 0 when the month has no figure),
/// whether it rests on fewer cases than the small-cell threshold (<see cref="SmallN"/>, marked, never hidden, in an
/// internal output) and whether an external output withholds it (<see cref="Withheld"/>: a count from 1 to 10 would show).
/// </summary>
internal sealed record DashboardMonth(string Label, long Events, long Cases, bool SmallN, bool Withheld)
{
    /// <summary>The month as the control chart reads it: a withheld month has no cases, so no point and no part in any run.</summary>
    public (string Label, long Events, long Cases) Charted => Withheld ? (Label, 0, 0) : (Label, Events, Cases);
}
