namespace Outcomes.Jobs.Tests.Upgrades;

/// <summary>
/// A test that builds the previous release: skipped, with the reason, when this clone does not hold its commit (a
/// shallow checkout) or when this build has no migration over it (nothing to upgrade).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PreviousReleaseFactAttribute : FactAttribute
{
    public PreviousReleaseFactAttribute()
    {
        if (PreviousRelease.Missing is { } reason)
        {
            Skip = reason;
        }
    }
}
