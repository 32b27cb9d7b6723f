using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Validation;

namespace Outcomes.Ingest.Loading;

/// <summary>
/// Ids are compared without regard to case (docs/data-contract.md): <c>MRN-1</c> and <c>mrn-1</c> are one patient.
/// An id keeps the spelling it was first stored with, or, when new, the spelling of its first line in the file;
/// before the merge every staged id is rewritten to that spelling, so the merge, the references and the repeat
/// check (all exact) see one id. Ids are ASCII, so PostgreSQL's <c>lower</c> folds them the same way everywhere.
/// </summary>
internal static class IdSpelling
{
    /// <summary>
    /// Each kind of id: the core table and column that store it, the contract fields that carry it, and whether the
    /// table's unique key is the folded id itself (the sessions, migration 0042), so that a staged id's other spellings
    /// are found by one index probe each; the other tables are read whole (a hash join), being far smaller.
    /// </summary>
    private static readonly (string Table, string Column, string[] Fields, bool FoldedKey)[] Spaces =
    [
        ("program", "source_program_id", ["program_id"], false),
        ("patient_identity", "source_patient_id", ["patient_id"], false),
        ("episode", "source_episode_id", ["episode_id", "transferred_to_episode_id"], false),
        ("attendance_session", "source_session_id", ["session_id"], true),
        ("family_contact", "source_contact_id", ["contact_id"], false),
        ("drug_screen", "source_screen_id", ["screen_id"], false),
        ("relapse_event", "source_event_id", ["event_id"], false),
        ("assessment", "source_assessment_id", ["assessment_id"], false),
        ("referral", "source_referral_id", ["referral_id"], false),
        ("survey", "source_survey_id", ["survey_id"], false),
    ];

    /// <summary>
    /// One step of the fold: the stage fields holding one kind of id; a probe that tells whether a stored id is another
    /// spelling of a staged one; whether that probe goes by the stored table's folded key (<c>ByIndex</c>); the statement
    /// that fills <c>id_canon</c> with the ids spelled more than one way; and the updates that then rewrite the stage.
    /// </summary>
    public sealed record Step(IReadOnlyList<string> Fields, string Probe, bool ByIndex, string Canon, IReadOnlyList<string> Updates);

    /// <summary>
    /// For each kind of id in the file, facility first (every other id is scoped by it): the fold's step. A step can
    /// change the stage only when the file spells its ids in both cases (<see cref="Cases"/>, seen by the client as the
    /// rows stream in) or a stored id is another spelling of a staged one (the probe); the grouping of every staged id
    /// (about 1.5 s a million rows) runs only then.
    /// </summary>
    /// <remarks>
    /// The probe is a plain scan of the stage and one join to the stored ids, skipped when the stored table is empty
    /// (a first load). <c>ByIndex</c> says the join may go by the stored table's folded key, one probe per staged id;
    /// otherwise the caller forbids nested loops, which would scan the stored table once per staged id.
    /// Two spellings of one id within the file need ids in both cases: when every staged id of the step is its own
    /// lower-case form, or every one its own upper-case form, no two of them fold to the same key (ids are ASCII). A
    /// stored spelling differs only where a stored id folds to a staged one's key and is not spelled the same.
    /// </remarks>
    public static IReadOnlyList<Step> FoldSql(EntityDefinition entity)
    {
        var names = entity.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var steps = new List<Step>
        {
            new(["facility_id"], Probe("''", ["facility_id"], "facility", "facility t join seen x on lower(t.facility_id) = lower(x.id) and t.facility_id <> x.id"), false,
            Canon("''", ["facility_id"], """
                select distinct on (lower(t.facility_id)) '' as scope, lower(t.facility_id) as k, t.facility_id as id
                from facility t join seen x on x.k = lower(t.facility_id) and x.id <> t.facility_id
                order by lower(t.facility_id), t.facility_id
                """), [Update("''", "facility_id")]),
        };

        foreach (var (table, column, fields, foldedKey) in Spaces)
        {
            var present = fields.Where(names.Contains).ToArray();
            if (present.Length > 0)
            {
                steps.Add(new(
                    present,
                    Probe("facility_id", present, table, $"{table} t join seen x on x.scope = t.facility_id and lower(t.{column}) = lower(x.id) and t.{column} <> x.id", distinct: !foldedKey),
                    foldedKey,
                    Canon("facility_id", present, $"""
                    select distinct on (t.facility_id, lower(t.{column})) t.facility_id as scope, lower(t.{column}) as k, t.{column} as id
                    from {table} t join seen x on x.scope = t.facility_id and x.k = lower(t.{column}) and x.id <> t.{column}
                    order by t.facility_id, lower(t.{column}), t.{column}
                    """), [.. present.Select(f => Update("s.facility_id", f))]));
            }
        }

        return steps;
    }

    /// <summary>
    /// Which id fields of a file's good rows hold only ids that are their own lower-case form, and which only ids that
    /// are their own upper-case form: watched row by row as the file streams to the stage, so that the fold need not
    /// read the stage again to learn that no two staged ids fold together (the usual file).
    /// </summary>
    public sealed class Cases
    {
        private readonly int[] _fields;
        private readonly bool[] _lower;
        private readonly bool[] _upper;
        private readonly Dictionary<string, int> _index;

        public Cases(EntityDefinition entity)
        {
            _index = entity.Fields.Select((f, i) => (f.Name, i)).ToDictionary(f => f.Name, f => f.i, StringComparer.Ordinal);
            var ids = Spaces.SelectMany(s => s.Fields).Append("facility_id").ToHashSet(StringComparer.Ordinal);
            _fields = [.. Enumerable.Range(0, entity.Fields.Count).Where(i => ids.Contains(entity.Fields[i].Name))];
            _lower = [.. Enumerable.Repeat(true, entity.Fields.Count)];
            _upper = [.. Enumerable.Repeat(true, entity.Fields.Count)];
        }

        /// <summary>Notes the ids of one good row as staged.</summary>
        public void Observe(RowValues values)
        {
            foreach (var i in _fields)
            {
                if (!values.Present[i] || values.Text[i] is not { } id || !(_lower[i] || _upper[i]))
                {
                    continue;
                }

                foreach (var c in id)
                {
                    if (char.IsAsciiLetterUpper(c))
                    {
                        _lower[i] = false;
                    }
                    else if (char.IsAsciiLetterLower(c))
                    {
                        _upper[i] = false;
                    }
                }
            }
        }

        /// <summary>
        /// Whether two of the staged ids in <paramref name="fields"/> may be spellings of one id: false when every one is
        /// its own lower-case form, or every one its own upper-case form.
        /// </summary>
        public bool MayFoldTogether(IEnumerable<string> fields)
        {
            var indexes = fields.Select(f => _index[f]).ToArray();
            return !(indexes.All(i => _lower[i]) || indexes.All(i => _upper[i]));
        }
    }

    /// <summary>
    /// One spelling for each id of the stage spelled otherwise somewhere: the stored one if any, else the first in the
    /// file (by line, then by column). <paramref name="stored"/> selects the stored ids a staged id spells otherwise
    /// (a hash join on the folded id: PostgreSQL has no index on it, so it reads the table once); ids spelled two ways
    /// within the file are found by a hash aggregate, so the usual file, with none, costs no sort.
    /// </summary>
    private static string Canon(string scope, string[] fields, string stored)
    {
        var seen = string.Join("\n    union all\n", fields.Select((f, i) =>
            $"    select {scope} as scope, lower({f}) as k, {f} as id, line, {i} as pos from stage where q_reason is null and {f} is not null"));
        return $"""
            drop table if exists id_canon;
            create temp table id_canon on commit drop as
            with seen as materialized (
            {seen}
            ), stored as (
                {stored}
            ), variants as (
                select scope, k from seen group by scope, k having min(id) <> max(id)
            ), firsts as (
                select distinct on (x.scope, x.k) x.scope, x.k, x.id
                from seen x join variants v on v.scope = x.scope and v.k = x.k
                order by x.scope, x.k, x.line, x.pos
            )
            select scope, k, id from stored
            union all
            select f.scope, f.k, f.id from firsts f where not exists (select from stored s where s.scope = f.scope and s.k = f.k)
            """;
    }

    /// <summary>
    /// Whether a stored id folds to a staged one's key while spelled otherwise (<paramref name="storedJoin"/>); false
    /// without reading the stage when the stored table is empty.
    /// </summary>
    private static string Probe(string scope, string[] fields, string table, string storedJoin, bool distinct = true)
    {
        // A file repeats its facility and episode ids on every row: each distinct id is folded once, not every row's. A
        // row's own id (a session's) is distinct already and goes by the index.
        var seen = string.Join(distinct ? "\n    union\n" : "\n    union all\n", fields.Select(f =>
            $"    select {scope} as scope, {f} as id from stage where q_reason is null and {f} is not null"));
        return $"""
            with seen as (
            {seen}{(distinct && fields.Length == 1 ? "\n    group by 1, 2" : "")}
            )
            select exists (select from {table} any_row) and exists (select from {storedJoin})
            """;
    }

    private static string Update(string scope, string field) => $"""
        update stage s set {field} = c.id
        from id_canon c
        where s.q_reason is null and c.scope = {scope} and c.k = lower(s.{field}) and s.{field} <> c.id
        """;
}
