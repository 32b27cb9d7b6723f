namespace Outcomes.Ingest.Contract.Instruments;

/// <summary>What a published reliability coefficient measures.</summary>
public enum ReliabilityKind
{
    /// <summary>The correlation of two administrations a short time apart (test-retest r or ICC).</summary>
    TestRetest,

    /// <summary>Cronbach's alpha over the items of one administration.</summary>
    InternalConsistency,
}
