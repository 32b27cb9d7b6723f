namespace Outcomes.Reports.Disclosure;

/// <summary>Who an output is for, which decides what it may show (<see cref="DisclosurePolicy"/>).</summary>
public enum Audience
{
    /// <summary>People inside the organisation who run the programs: exact counts with their n and intervals, small ones marked.</summary>
    Internal,

    /// <summary>Anything that leaves the organisation: small counts suppressed, with complementary suppression.</summary>
    External,
}
