using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Outcomes.Database.Audit;

/// <summary>Where the audit chain broke: the line's place in the chain, and what is wrong there.</summary>
public sealed record AuditChainBreak(long ChainSeq, long? AuditId, string Problem);

/// <summary>
/// What <c>outcomes audit verify</c> found: how many lines, the last line's place and hash (the head, to note down and
/// compare later: lines deleted from the end leave an intact but shorter chain), and every break.
/// </summary>
public sealed record AuditChainReport(long Lines, long HeadSeq, string? HeadHash, IReadOnlyList<AuditChainBreak> Breaks)
{
    public bool Intact => Breaks.Count == 0;
}

/// <summary>
/// Recomputes the audit trail's hash chain (migration 0021) here, in the client, from the stored fields: each line's
/// hash over its fields and the previous line's hash, places 1, 2, 3, ... without gaps. An edited line no longer
/// matches its hash; a deleted line leaves a gap and a next line whose previous hash is not the one before it. The
/// text hashed is built as <c>audit_line_text</c> builds it in the database, so a changed function cannot hide an edit.
/// </summary>
public static class AuditChain
{
    private const string LinesSql = """
        select audit_id, chain_seq, occurred_at, database_user, acting_role, os_user, action, subject, run_id, row_count, detail,
               previous_hash, line_hash
        from audit_event
        order by chain_seq
        """;

    public static async Task<AuditChainReport> VerifyAsync(NpgsqlDataSource dataSource, string? expectedHead = null, CancellationToken cancellationToken = default)
    {
        var breaks = new List<AuditChainBreak>();
        long lines = 0;
        long expectedSeq = 1;
        string? previousHash = null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(LinesSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines++;
            var auditId = reader.GetInt64(0);
            var seq = reader.GetInt64(1);
            var storedPrevious = reader.IsDBNull(11) ? null : reader.GetString(11);
            var storedHash = reader.GetString(12);
            if (seq != expectedSeq)
            {
                breaks.Add(new AuditChainBreak(expectedSeq, null,
                    seq > expectedSeq
                        ? $"lines {expectedSeq} to {seq - 1} are missing (deleted)"
                        : $"place {seq} appears again"));
            }

            if (!string.Equals(storedPrevious, previousHash, StringComparison.Ordinal))
            {
                breaks.Add(new AuditChainBreak(seq, auditId, "does not follow the line before it (a line before it was deleted or edited)"));
            }

            var text = LineText(
                seq, reader.GetFieldValue<DateTime>(2), Text(reader, 3), Text(reader, 4), Text(reader, 5), Text(reader, 6), Text(reader, 7),
                reader.IsDBNull(8) ? null : reader.GetGuid(8), reader.IsDBNull(9) ? null : reader.GetInt64(9), Text(reader, 10), storedPrevious);
            if (!string.Equals(Hash(text), storedHash, StringComparison.Ordinal))
            {
                breaks.Add(new AuditChainBreak(seq, auditId, "its fields do not match its hash (edited)"));
            }

            previousHash = storedHash;
            expectedSeq = seq + 1;
        }

        var head = expectedSeq - 1;
        if (expectedHead is not null)
        {
            var (seq, hash) = ParseHead(expectedHead);
            if (seq > head)
            {
                breaks.Add(new AuditChainBreak(seq, null, $"the trail ends at line {head}, before the head noted earlier ({seq}): lines at the end were deleted"));
            }
            else if (!await HashAtAsync(dataSource, seq, hash, cancellationToken))
            {
                breaks.Add(new AuditChainBreak(seq, null, "line differs from the head noted earlier (the chain was rewritten)"));
            }
        }

        return new AuditChainReport(lines, head, previousHash, breaks);
    }

    /// <summary>A head as <c>outcomes audit verify</c> prints it: <c>SEQ:HASH</c>.</summary>
    public static string FormatHead(long seq, string? hash) => $"{seq.ToString(CultureInfo.InvariantCulture)}:{hash ?? "-"}";

    /// <summary>The text a line's hash is taken over, as the database's <c>audit_line_text</c> makes it.</summary>
    public static string LineText(
        long seq, DateTime occurredAtUtc, string? databaseUser, string? actingRole, string? osUser, string? action, string? subject,
        Guid? runId, long? rowCount, string? detail, string? previousHash) =>
        string.Join('|',
            seq.ToString(CultureInfo.InvariantCulture),
            occurredAtUtc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            Field(databaseUser), Field(actingRole), Field(osUser), Field(action), Field(subject),
            runId?.ToString("D") ?? "-",
            rowCount?.ToString(CultureInfo.InvariantCulture) ?? "-",
            Field(detail),
            previousHash ?? "-");

    public static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    /// <summary>Reads a head as <see cref="FormatHead"/> writes it.</summary>
    public static bool TryParseHead(string head, out (long Seq, string Hash) parsed)
    {
        var colon = head.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && long.TryParse(head[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var seq) && seq > 0
            && head[(colon + 1)..] is { Length: 64 } hash && hash.All(Uri.IsHexDigit))
        {
            parsed = (seq, hash.ToLowerInvariant());
            return true;
        }

        parsed = default;
        return false;
    }

    private static (long Seq, string Hash) ParseHead(string head) =>
        TryParseHead(head, out var parsed)
            ? parsed
            : throw new InvalidOperationException("--expect-head: expected SEQ:HASH as 'outcomes audit verify' prints it (64 hex digits after the colon).");

    private static async Task<bool> HashAtAsync(NpgsqlDataSource dataSource, long seq, string hash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select line_hash from audit_event where chain_seq = $1", connection);
        command.Parameters.AddWithValue(seq);
        return await command.ExecuteScalarAsync(cancellationToken) is string stored && stored == hash;
    }

    // Length-prefixed, as in the database: PostgreSQL's length counts characters, as .NET's does outside surrogate pairs.
    private static string Field(string? value) =>
        value is null ? "-" : $"{CharacterCount(value).ToString(CultureInfo.InvariantCulture)}:{value}";

    private static int CharacterCount(string value)
    {
        var count = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }

            count++;
        }

        return count;
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
