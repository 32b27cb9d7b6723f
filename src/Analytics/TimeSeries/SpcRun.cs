namespace Outcomes.Analytics.TimeSeries;

/// <summary>
/// One special cause on a control chart: the points <see cref="First"/> to <see cref="Last"/> (0-based, inclusive) that
/// signal <see cref="Signal"/>. <see cref="Direction"/> is +1 for above the upper limit, above the centre line or rising,
/// −1 for below or falling. A point outside the limits is a run of one point.
/// </summary>
public sealed record SpcRun(SpcSignal Signal, int First, int Last, int Direction)
{
    public int Length => Last - First + 1;
}
