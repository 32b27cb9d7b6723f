namespace Outcomes.Ingest.Contract;

/// <summary>
/// Builds the merge and reject statements for files whose rows hang off an episode (sessions, screens, ...).
/// Only identifiers from the contract's own definitions go into the text; values always travel as parameters
/// or through the staging table.
/// </summary>
internal static class EpisodeChildSql
{
    /// <param name="table">core table</param>
    /// <param name="conflictKey">the core table's unique key, e.g. "facility_id, source_session_id"</param>
    /// <param name="columns">target column and the stage expression filling it, besides facility and episode</param>
    /// <param name="dateField">the stage column with the row's date, or the follow-up days</param>
    /// <param name="rule">how the row must sit in time against its episode</param>
    /// <param name="conflictTarget">the unique index's columns and expressions when they are not the key's columns
    /// themselves (the sessions' folded id, migration 0042); the key's columns otherwise</param>
    public static string Merge(
        string table, string conflictKey, IReadOnlyList<(string Target, string Source)> columns, string dateField, EpisodeDateRule rule,
        string? conflictTarget = null)
    {
        var targets = string.Join(", ", columns.Select(c => c.Target));
        var updatable = Updatable(conflictKey, columns);
        var sets = string.Join(", ", updatable.Select(c => $"{c} = excluded.{c}"));
        var current = string.Join(", ", updatable.Select(c => $"t.{c}"));
        var incoming = string.Join(", ", updatable.Select(c => $"excluded.{c}"));
        return $"""
            with src as (
                {Resolved(columns, dateField, rule)}
            ), up as (
                insert into {table} as t (facility_id, episode_key, {targets}, batch_id)
                select facility_id, episode_key, {targets}, @Batch from src
                on conflict ({conflictTarget ?? conflictKey}) do update set {sets}, batch_id = excluded.batch_id
                where ({current}) is distinct from ({incoming})
                returning (xmax = 0) as inserted
            )
            select count(*) filter (where inserted) as inserted,
                   count(*) filter (where not inserted) as updated
            from up
            """;
    }

    /// <summary>
    /// The bulk merge of the same rows as <see cref="Merge"/>: an update of the stored rows that differ, then an
    /// insert of the rows whose key is not stored. Neither needs the table's indexes.
    /// </summary>
    public static BulkMergeSql Bulk(
        string table, string conflictKey, IReadOnlyList<(string Target, string Source)> columns, string dateField, EpisodeDateRule rule,
        TableIndex key, IReadOnlyList<TableIndex> otherIndexes)
    {
        var targets = string.Join(", ", columns.Select(c => c.Target));
        var updatable = Updatable(conflictKey, columns);
        var sameKey = string.Join(" and ", conflictKey.Split(", ").Select(k => $"t.{k} = s.{k}"));
        return new BulkMergeSql
        {
            UpdateSql = $"""
                update {table} as t set {string.Join(", ", updatable.Select(c => $"{c} = s.{c}"))}, batch_id = @Batch
                from ({Resolved(columns, dateField, rule)}) as s
                where {sameKey}
                  and ({string.Join(", ", updatable.Select(c => $"t.{c}"))}) is distinct from ({string.Join(", ", updatable.Select(c => $"s.{c}"))})
                """,
            InsertSql = $"""
                insert into {table} (facility_id, episode_key, {targets}, batch_id)
                select facility_id, episode_key, {targets}, @Batch
                from ({Resolved(columns, dateField, rule)}) as s
                where not exists (select from {table} t where {sameKey})
                """,
            Key = key,
            OtherIndexes = otherIndexes,
        };
    }

    public static string RejectUnresolved(string dateField, EpisodeDateRule rule)
    {
        var (field, reason) = rule switch
        {
            EpisodeDateRule.WithinEpisode => (dateField,
                $"case when s.{dateField} < e.admitted_on then 'is before the admission date of its episode' else 'is after the discharge date of its episode' end"),
            EpisodeDateRule.OnOrAfterAdmission => (dateField, "'is before the admission date of its episode'"),
            _ => ("episode_id", "'names an episode that has no discharge date yet, so nothing can follow its discharge'"),
        };
        return $"""
            update stage s set q_field = r.field, q_reason = r.reason
            from (
                select s.line,
                       case when e.episode_key is null then 'episode_id' else '{field}' end as field,
                       case when e.episode_key is null
                            then 'no episode with this episode_id for this facility, neither in this drop nor loaded before (it may itself be quarantined)'
                            else {reason}
                       end as reason
                from stage s
                left join episode e on e.facility_id = s.facility_id and e.source_episode_id = s.episode_id
                where s.q_reason is null and (e.episode_key is null or not ({Condition(rule, dateField)}))
            ) r
            where s.line = r.line
            """;
    }

    /// <summary>The good stage rows whose episode is known and whose date fits it, in the core table's columns.</summary>
    private static string Resolved(IReadOnlyList<(string Target, string Source)> columns, string dateField, EpisodeDateRule rule) => $"""
        select s.facility_id, e.episode_key, {string.Join(", ", columns.Select(c => $"{c.Source} as {c.Target}"))}
            from stage s
            join episode e on e.facility_id = s.facility_id and e.source_episode_id = s.episode_id
            where s.q_reason is null and {Condition(rule, dateField)}
        """;

    /// <summary>The columns a later file may change: all but the key, and the episode (a row may move to another).</summary>
    private static List<string> Updatable(string conflictKey, IReadOnlyList<(string Target, string Source)> columns) =>
        columns.Where(c => !conflictKey.Contains(c.Target, StringComparison.Ordinal)).Select(c => c.Target).Prepend("episode_key").ToList();

    private static string Condition(EpisodeDateRule rule, string dateField) => rule switch
    {
        EpisodeDateRule.WithinEpisode =>
            $"s.{dateField} >= e.admitted_on and (e.discharged_on is null or s.{dateField} <= e.discharged_on)",
        EpisodeDateRule.OnOrAfterAdmission => $"s.{dateField} >= e.admitted_on",
        _ => "e.discharged_on is not null",
    };
}
