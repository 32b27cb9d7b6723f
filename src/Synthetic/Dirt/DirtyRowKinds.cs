namespace Outcomes.Synthetic.Dirt;

/// <summary>The names of <see cref="DirtyRowKind"/> as truth/dirty_rows.csv writes them.</summary>
internal static class DirtyRowKinds
{
    public static string Name(DirtyRowKind kind) => kind switch
    {
        DirtyRowKind.BadDate => "bad_date",
        DirtyRowKind.UnknownCode => "unknown_code",
        DirtyRowKind.NegativeMinutes => "negative_minutes",
        DirtyRowKind.UnknownEpisode => "unknown_episode_reference",
        DirtyRowKind.DischargeBeforeAdmission => "discharge_before_admission",
        DirtyRowKind.DuplicateId => "duplicate_id",
        _ => "wrong_field_count",
    };
}
