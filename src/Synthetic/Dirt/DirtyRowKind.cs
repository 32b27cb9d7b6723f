namespace Outcomes.Synthetic.Dirt;

/// <summary>The kinds of malformed row a dirty drop holds; each must be quarantined by the ingest.</summary>
internal enum DirtyRowKind
{
    /// <summary>A date not written YYYY-MM-DD (a US-style date, a day 32, no separators).</summary>
    BadDate,

    /// <summary>A code that is not in the contract's list (or "maybe" in a yes/no field).</summary>
    UnknownCode,

    /// <summary>A session with negative scheduled minutes.</summary>
    NegativeMinutes,

    /// <summary>A row naming an episode that is in no file.</summary>
    UnknownEpisode,

    /// <summary>An episode discharged before it was admitted.</summary>
    DischargeBeforeAdmission,

    /// <summary>The row before it, sent a second time (same id).</summary>
    DuplicateId,

    /// <summary>A row with one field missing.</summary>
    WrongFieldCount,
}
