using Npgsql;
using NpgsqlTypes;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Validation;

namespace Outcomes.Ingest.Loading;

/// <summary>
/// The temporary table <c>stage</c> a file is copied into (binary COPY) before the set-based merge.
/// Bad rows are copied too, with their line, field, reason and raw text, so one stream carries the whole file
/// and client memory stays flat however many rows are bad.
/// </summary>
internal static class StagingTable
{
    public static string CreateSql(EntityDefinition entity) =>
        "create temp table stage (line integer not null, q_field text, q_reason text, q_raw text, "
        + string.Join(", ", entity.Fields.Select(f => $"{f.Name} {SqlType(f.Kind)}"))
        + ") on commit drop";

    /// <summary>
    /// Records in the ledger (parameter @Batch) how far the file's rows reach for each facility it names — the
    /// facility's data-through date of this file: every row that loaded or was unchanged, none that was quarantined.
    /// Null for a file whose rows carry no date.
    /// </summary>
    public static string? FacilityDatesSql(EntityDefinition entity) => entity.CoverageDateSql is not { } date ? null : $"""
        update ingest_batch set facility_dates = (
            select jsonb_object_agg(facility_id, jsonb_build_object('first', first_on, 'last', last_on, 'rows', row_count))
            from (select facility_id, min({date}) as first_on, max({date}) as last_on, count(*) as row_count
                  from stage where q_reason is null group by facility_id) as per_facility)
        where batch_id = @Batch
        """;

    public static string CopySql(EntityDefinition entity) =>
        "copy stage (line, q_field, q_reason, q_raw, " + string.Join(", ", entity.Fields.Select(f => f.Name)) + ") from stdin (format binary)";

    public static void WriteGood(NpgsqlBinaryImporter importer, EntityDefinition entity, int line, RowValues values)
    {
        importer.StartRow();
        importer.Write(line, NpgsqlDbType.Integer);
        importer.WriteNull();
        importer.WriteNull();
        importer.WriteNull();
        var fields = entity.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            if (!values.Present[i])
            {
                importer.WriteNull();
                continue;
            }

            switch (fields[i].Kind)
            {
                case FieldKind.Integer:
                    importer.Write(values.Integer[i], NpgsqlDbType.Bigint);
                    break;
                case FieldKind.Decimal:
                    importer.Write(values.Decimal[i], NpgsqlDbType.Numeric);
                    break;
                case FieldKind.Date:
                    importer.Write(values.Date[i], NpgsqlDbType.Date);
                    break;
                case FieldKind.YesNo:
                    importer.Write(values.Flag[i]!.Value, NpgsqlDbType.Boolean);
                    break;
                case FieldKind.CodeList:
                    importer.Write(values.List[i], NpgsqlDbType.Array | NpgsqlDbType.Text);
                    break;
                default:
                    importer.Write(values.Text[i]!, NpgsqlDbType.Text);
                    break;
            }
        }
    }

    public static void WriteBad(NpgsqlBinaryImporter importer, EntityDefinition entity, int line, RowIssue issue, string? raw)
    {
        importer.StartRow();
        importer.Write(line, NpgsqlDbType.Integer);
        if (issue.Field is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(issue.Field, NpgsqlDbType.Text);
        }

        importer.Write(issue.Reason, NpgsqlDbType.Text);
        if (raw is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(raw, NpgsqlDbType.Text);
        }

        for (var i = 0; i < entity.Fields.Count; i++)
        {
            importer.WriteNull();
        }
    }

    /// <summary>Whether a key appears more than once among the good rows.</summary>
    public static string HasDuplicatesSql(EntityDefinition entity) =>
        $"select exists (select from stage where q_reason is null group by {string.Join(", ", entity.KeyFields)} having count(*) > 1)";

    /// <summary>Marks every repeat of a key after its first good occurrence in the file.</summary>
    public static string MarkDuplicatesSql(EntityDefinition entity)
    {
        var keys = string.Join(", ", entity.KeyFields);
        var idField = entity.KeyFields.Last();
        return $"""
            update stage s
            set q_field = '{idField}',
                q_reason = '{idField}: the same {string.Join(" + ", entity.KeyFields.Skip(1))} appears on line '
                           || d.first_line || ' of this file, which was kept; expected each once per file'
            from (
                select line,
                       row_number() over (partition by {keys} order by line) as occurrence,
                       first_value(line) over (partition by {keys} order by line) as first_line
                from stage where q_reason is null
            ) d
            where s.line = d.line and d.occurrence > 1
            """;
    }

    private static string SqlType(FieldKind kind) => kind switch
    {
        FieldKind.Integer => "bigint",
        FieldKind.Decimal => "numeric",
        FieldKind.Date => "date",
        FieldKind.YesNo => "boolean",
        FieldKind.CodeList => "text[]",
        _ => "text",
    };
}
