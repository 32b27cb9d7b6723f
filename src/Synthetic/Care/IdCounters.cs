namespace Outcomes.Synthetic.Care;

/// <summary>Running numbers for the source ids of a cohort; ids are unique across facilities.</summary>
internal sealed class IdCounters
{
    public long Patient { get; set; }

    public long Episode { get; set; }

    public long Session { get; set; }

    public long Screen { get; set; }

    public long Contact { get; set; }

    public long Event { get; set; }

    public long Assessment { get; set; }

    public long Referral { get; set; }

    public long Survey { get; set; }

    /// <summary>People referred who were never admitted (ids N0000001, ...): in no patients.csv.</summary>
    public long Unadmitted { get; set; }
}
