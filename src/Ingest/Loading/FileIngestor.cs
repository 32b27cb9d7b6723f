using System.Diagnostics;
using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Csv;
using Outcomes.Ingest.Validation;
using Sylvan.Data.Csv;

namespace Outcomes.Ingest.Loading;

/// <summary>
/// Loads one contract file as one unit: every good row lands and every bad row is quarantined in the same
/// transaction, so a crash or kill part-way leaves nothing of the file behind and the next run loads it whole.
/// Only a regular file is opened; what is loaded is exactly what was hashed (the bytes parsed are hashed again on
/// the way and must match); a file the reader cannot read to its end is rejected whole; and the ledger's counts
/// must add up before the file commits.
/// </summary>
public sealed class FileIngestor(NpgsqlDataSource dataSource, ILogger logger)
{
    /// <summary>Raw text kept for a quarantined row; the full file stays with the center.</summary>
    private const int MaxRawChars = 10_000;
    private const int ProgressEveryRows = 1 << 16;

    /// <summary>U+2400 SYMBOL FOR NULL: stands for a NUL character in a quarantined row's raw text.</summary>
    private const char NulSymbol = '\u2400';

    public static string SoftwareVersion { get; } =
        typeof(FileIngestor).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public async Task<FileResult> IngestAsync(
        string path,
        EntityDefinition entity,
        Guid runId,
        IngestOptions options,
        IProgress<IngestProgress>? progress = null,
        CancellationToken cancellationToken = default,
        StagedOrigin? origin = null,
        string? contractVersion = null)
    {
        // The drop's version, which the folder ingest reads from the files it holds; a file loaded alone is of its own.
        contractVersion ??= entity.SinceVersion;
        var clock = Stopwatch.StartNew();

        // A staged file is named in the ledger and the quarantine by the export it was made from.
        var fileName = origin?.SourceFileName ?? Path.GetFileName(path);

        // Only a regular file is opened, and every read goes through this one handle: what is hashed is what is loaded.
        using var file = RegularFile.Open(path, out var refusal);
        if (file is null)
        {
            // Nothing was read, so there is no SHA-256: the ledger keeps an empty one with the reason.
            return await RefuseAsync(runId, fileName, entity, "", new FileRejectedException(null, refusal!), clock, origin, contractVersion);
        }

        var sha256 = await file.HashAsync(cancellationToken);
        if (!file.Unchanged())
        {
            return await RefuseAsync(runId, fileName, entity, sha256, FileRejectedException.ChangedWhileRead(), clock, origin, contractVersion);
        }

        if (!options.Force)
        {
            const string loadedSql = """
                select batch_id from ingest_batch
                where sha256 = @Sha256 and entity = @Entity and status = 'committed'
                order by batch_id desc limit 1
                """;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var earlier = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
                loadedSql, new { Sha256 = sha256, Entity = entity.Name }, cancellationToken: cancellationToken));
            if (earlier is not null)
            {
                logger.LogInformation("{File}: identical to the file loaded in batch {Batch}; skipped", fileName, earlier);
                return new FileResult(fileName, entity.Name, FileStatus.Skipped, earlier, 0, 0, 0, 0, 0,
                    $"identical to the file loaded in batch {earlier}", clock.Elapsed);
            }
        }

        var batchId = await StartBatchAsync(runId, fileName, entity, sha256, origin, contractVersion, cancellationToken);
        try
        {
            var result = await LoadAsync(file, sha256, fileName, entity, batchId, options, progress, clock, origin, cancellationToken);
            logger.LogInformation(
                "{File}: {Read} rows read, {Inserted} inserted, {Updated} updated, {Unchanged} unchanged, {Quarantined} quarantined (batch {Batch}, {Seconds:F1} s)",
                fileName, result.RowsRead, result.RowsInserted, result.RowsUpdated, result.RowsUnchanged, result.RowsQuarantined,
                batchId, clock.Elapsed.TotalSeconds);
            return result;
        }
        catch (FileRejectedException rejected)
        {
            await RejectBatchAsync(batchId, fileName, rejected, CancellationToken.None);
            logger.LogWarning("{File}: rejected, nothing loaded: {Reason}", fileName, rejected.Message);
            return new FileResult(fileName, entity.Name, FileStatus.Rejected, batchId, 0, 0, 0, 0, 0, rejected.Message, clock.Elapsed);
        }
        catch (LedgerMismatchException mismatch)
        {
            // A bug, not bad input: the file's transaction rolled back, so nothing of it is kept; the run goes on.
            await FailBatchAsync(batchId, mismatch, CancellationToken.None);
            logger.LogError("{File}: failed, nothing loaded: {Reason}", fileName, mismatch.Message);
            return new FileResult(fileName, entity.Name, FileStatus.Failed, batchId, 0, 0, 0, 0, 0, mismatch.Message, clock.Elapsed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await FailBatchAsync(batchId, ex, CancellationToken.None);
            throw;
        }
    }

    /// <summary>A file refused before its load began: recorded as rejected, with the reason.</summary>
    private async Task<FileResult> RefuseAsync(
        Guid runId, string fileName, EntityDefinition entity, string sha256, FileRejectedException rejected, Stopwatch clock, StagedOrigin? origin,
        string contractVersion)
    {
        var batchId = await StartBatchAsync(runId, fileName, entity, sha256, origin, contractVersion, CancellationToken.None);
        await RejectBatchAsync(batchId, fileName, rejected, CancellationToken.None);
        logger.LogWarning("{File}: rejected, nothing loaded: {Reason}", fileName, rejected.Message);
        return new FileResult(fileName, entity.Name, FileStatus.Rejected, batchId, 0, 0, 0, 0, 0, rejected.Message, clock.Elapsed);
    }

    private async Task<FileResult> LoadAsync(
        RegularFile file, string sha256, string fileName, EntityDefinition entity, long batchId, IngestOptions options,
        IProgress<IngestProgress>? progress, Stopwatch clock, StagedOrigin? origin, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Big files take minutes to merge: no statement timeout here; cancellation still stops them.
        CommandDefinition Command(string sql, object? parameters = null) =>
            new(sql, parameters, transaction, commandTimeout: 0, cancellationToken: cancellationToken);

        await connection.ExecuteAsync(Command(StagingTable.CreateSql(entity)));

        var cases = new IdSpelling.Cases(entity);
        var (read, rejectedInFile, absent) = await CopyAsync(connection, file, sha256, fileName, entity, options, progress, clock, origin, cases, cancellationToken);

        progress?.Report(new IngestProgress(fileName, "merging", read, clock.Elapsed));

        // Autovacuum never sees temporary tables: without statistics the planner guesses a tiny table and
        // picks nested loops that go quadratic on big files.
        await connection.ExecuteAsync(Command("analyze stage"));
        foreach (var (fields, probe, byIndex, canon, updates) in IdSpelling.FoldSql(entity))
        {
            // The probe's join to the stored ids is an existence test: without an index on the folded id the planner may
            // expect an early match and scan the stored table once per staged id (minutes for a million rows), so
            // nested loops are forbidden; with one (the sessions' key) they are how it probes the index. Ids spelled in
            // both cases within the file need the grouping whatever is stored.
            bool mayChange;
            if (cases.MayFoldTogether(fields))
            {
                mayChange = true;
            }
            else if (byIndex)
            {
                mayChange = await connection.ExecuteScalarAsync<bool>(Command(probe));
            }
            else
            {
                await connection.ExecuteAsync(Command("set local enable_nestloop = off"));
                mayChange = await connection.ExecuteScalarAsync<bool>(Command(probe));
                await connection.ExecuteAsync(Command("reset enable_nestloop"));
            }

            if (!mayChange)
            {
                continue;
            }

            await connection.ExecuteAsync(Command(canon));
            if (await connection.ExecuteScalarAsync<bool>(Command("select exists (select from id_canon)")))
            {
                foreach (var update in updates)
                {
                    await connection.ExecuteAsync(Command(update));
                }
            }
        }

        // Absent: the columns that may be left out and were; the merge keeps what is stored for them (an export without
        // the column says nothing about it, unlike an empty cell).
        var parameters = new { Batch = batchId, Absent = absent };
        if (entity.RegistersFacilities)
        {
            const string registerFacilities = """
                insert into facility (facility_id, first_batch_id)
                select distinct facility_id, @Batch from stage where q_reason is null
                on conflict (facility_id) do nothing
                """;
            await connection.ExecuteAsync(Command(registerFacilities, parameters));
        }

        // Most files are small against their table and take the ordinary merge (one ON CONFLICT statement); a file
        // large against its table (a first load, a full re-export) merges in bulk, rebuilding the table's indexes.
        var valid = read - rejectedInFile;
        var bulk = await BulkMerge.ChooseAsync(connection, entity, valid, options, Command);
        if (bulk is not null)
        {
            logger.LogInformation(
                "{File}: {Rows} rows against about {TableRows} in {Table}: merging in bulk and building {Indexes} again; readers of the table wait until this file is committed",
                fileName, valid, bulk.TableRows, entity.Table, string.Join(" and ", bulk.Indexes.Select(i => i.Name)));
            progress?.Report(new IngestProgress(fileName, "merging in bulk", read, clock.Elapsed));
        }

        async Task<MergeCounts> MergeAsync()
        {
            if (bulk is null)
            {
                return await connection.QuerySingleAsync<MergeCounts>(Command(entity.MergeSql, parameters));
            }

            var (inserted, updated) = await BulkMerge.RunAsync(connection, entity.Bulk!, bulk, Command, parameters);
            return new MergeCounts(inserted, updated);
        }

        var duplicates = 0;
        MergeCounts? merged;
        await transaction.SaveAsync("merge", cancellationToken);
        try
        {
            merged = await MergeAsync();

            // A repeat raises no error when its first occurrence equals the stored row (ON CONFLICT skips that row,
            // so no row is touched twice; the bulk update writes a row once however many file rows match it): the
            // repeat would then overwrite it unseen. Only a file with rows left unwritten can hide one, so only then
            // is the duplicate check worth its scan.
            if (merged.Inserted + merged.Updated < valid
                && await connection.ExecuteScalarAsync<bool>(Command(StagingTable.HasDuplicatesSql(entity))))
            {
                merged = null;
            }
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.CardinalityViolation or PostgresErrorCodes.UniqueViolation)
        {
            // ON CONFLICT met a key twice (cardinality violation), or the bulk merge inserted one twice (unique violation).
            merged = null;
        }

        if (merged is null)
        {
            // The same id twice in one file: keep the first, quarantine the repeats, merge again.
            await transaction.RollbackAsync("merge", cancellationToken);
            duplicates = await connection.ExecuteAsync(Command(StagingTable.MarkDuplicatesSql(entity)));
            merged = await MergeAsync();
        }

        // Rows neither inserted nor updated were either unchanged or unresolved (unknown reference, date outside
        // the episode). Only then is the reject query worth its scan: it names the unresolved ones.
        var good = valid - duplicates;
        var unresolved = 0;
        if (merged.Inserted + merged.Updated < good && entity.RejectUnresolvedSql is not null)
        {
            unresolved = await connection.ExecuteAsync(Command(entity.RejectUnresolvedSql));
        }

        var quarantined = rejectedInFile + duplicates + unresolved;
        var quarantineRows = 0;
        if (quarantined > 0)
        {
            const string quarantineSql = """
                insert into ingest_quarantine (batch_id, file_name, line_number, field, reason, raw_record)
                select @Batch, @File, line, q_field, q_reason, q_raw from stage where q_reason is not null order by line
                """;

            // A staged file's lines are the profile's; the quarantine names the export's line behind each, in the
            // line number and in a repeat's "appears on line N of this file" (array index: staged line + 1).
            const string stagedQuarantineSql = """
                insert into ingest_quarantine (batch_id, file_name, line_number, field, reason, raw_record)
                select @Batch, @File, coalesce((@SourceLines::int[])[s.line + 1], s.line), s.q_field,
                       coalesce(regexp_replace(s.q_reason, 'appears on line [0-9]+ of this file',
                           'appears on line ' || (@SourceLines::int[])[substring(s.q_reason from 'appears on line ([0-9]+) of this file')::int + 1]
                           || ' of this export'), s.q_reason),
                       s.q_raw
                from stage s
                where s.q_reason is not null order by s.line
                """;
            quarantineRows = origin is null
                ? await connection.ExecuteAsync(Command(quarantineSql, new { Batch = batchId, File = fileName }))
                : await connection.ExecuteAsync(Command(stagedQuarantineSql, new { Batch = batchId, File = fileName, SourceLines = origin.SourceLines.ToArray() }));
        }

        var unchanged = (int)(good - unresolved - merged.Inserted - merged.Updated);
        await CheckLedgerAsync(connection, Command, read, (int)merged.Inserted, (int)merged.Updated, unchanged, quarantined, quarantineRows);

        if (StagingTable.FacilityDatesSql(entity) is { } facilityDates)
        {
            await connection.ExecuteAsync(Command(facilityDates, parameters));
        }

        if (entity.DeclaresInstruments is { } purpose)
        {
            await DeclareInstrumentsAsync(connection, transaction, options.ProgramInstruments.Where(i => i.Purpose == purpose), batchId, fileName, cancellationToken);
        }

        const string commitBatch = """
            update ingest_batch set status = 'committed', rows_read = @Read, rows_inserted = @Inserted,
                rows_updated = @Updated, rows_unchanged = @Unchanged, rows_quarantined = @Quarantined, finished_at = now()
            where batch_id = @Batch
            """;
        await connection.ExecuteAsync(Command(
            commitBatch,
            new { Batch = batchId, Read = read, Inserted = (int)merged.Inserted, Updated = (int)merged.Updated, Unchanged = unchanged, Quarantined = quarantined }));
        await transaction.CommitAsync(cancellationToken);
        return new FileResult(fileName, entity.Name, FileStatus.Committed, batchId, read, (int)merged.Inserted, (int)merged.Updated,
            unchanged, quarantined, null, clock.Elapsed);
    }

    /// <summary>
    /// Stores, with the file's rows, the definitions of the program's own instruments its rows were checked against, so the
    /// analysis measures their scores by them (docs/instruments.md). A definition that changed needs a login not limited
    /// to facilities (it applies to every facility's scores): refused otherwise, and the file with it.
    /// </summary>
    private async Task DeclareInstrumentsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<Contract.Instruments.Instrument> instruments, long batchId, string fileName,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<string> written;
        try
        {
            written = await Contract.Instruments.ProgramInstrumentStore.DeclareAsync(connection, transaction, instruments, batchId, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new FileRejectedException(null,
                "the settings declare a program instrument (Jobs:Instruments) that is new or differs from the stored one, and only a login not limited to facilities may declare or change one: it applies to every facility's scores");
        }

        if (written.Count > 0)
        {
            logger.LogInformation("{File}: stored the definitions of the program's own instruments {Instruments} (batch {Batch})", fileName, string.Join(", ", written), batchId);
        }
    }

    /// <summary>
    /// Streams the file through validation into <c>stage</c>; returns rows read, rows found bad and the columns that may be
    /// absent and were (<see cref="FieldDefinition.MayBeAbsent"/>); <paramref name="cases"/> notes the good rows' ids. The bytes read
    /// are hashed on the way: a file that changed since it was hashed is rejected, and so is one the parser cannot
    /// read to its end (a malformed quote, a mix of line ends), naming the line — never part of a file.
    /// </summary>
    private static async Task<(int Read, int Bad, string[] Absent)> CopyAsync(
        NpgsqlConnection connection, RegularFile file, string sha256, string fileName, EntityDefinition entity, IngestOptions options,
        IProgress<IngestProgress>? progress, Stopwatch clock, StagedOrigin? origin, IdSpelling.Cases cases, CancellationToken cancellationToken)
    {
        file.Stream.Position = 0;
        var hashing = new HashingStream(file.Stream);
        ContractCsvReader? opened;
        try
        {
            opened = ContractCsvReader.Open(hashing);
        }
        catch (OtherEncodingException ex)
        {
            throw new FileRejectedException(null, ex.Message);
        }
        catch (MixedLineEndsException ex)
        {
            throw FileRejectedException.MixedLineEnds(ex);
        }
        catch (CsvFormatException ex)
        {
            throw new FileRejectedException(null, ex is CsvRecordTooLargeException
                ? $"the header row is longer than {ContractCsvReader.MaxRecordChars:N0} characters; expected a header row naming the columns"
                : "the header row has a quoted name with no closing quote; expected a header row naming the columns");
        }

        using var reader = opened ?? throw new FileRejectedException(null, "the file is empty; expected a header row naming the columns");
        var columns = MapColumns(reader.Header, entity);

        var read = 0;
        var bad = 0;
        var values = new RowValues(entity.Fields.Count);
        var latest = options.LatestAcceptedDate;
        await using var importer = await connection.BeginBinaryImportAsync(StagingTable.CopySql(entity), cancellationToken);
        try
        {
            while (reader.Read())
            {
                if (reader.IsBlank)
                {
                    continue;
                }

                read++;
                if (origin is not null && origin.MappingIssues.TryGetValue(reader.LineNumber, out var unmapped))
                {
                    bad++;
                    StagingTable.WriteBad(importer, entity, reader.LineNumber, unmapped.Issue, RawText(unmapped.Raw));
                    continue;
                }

                var issue = Validate(reader, entity, columns, values, options, latest);
                if (issue is null)
                {
                    cases.Observe(values);
                    StagingTable.WriteGood(importer, entity, reader.LineNumber, values);
                }
                else
                {
                    bad++;
                    StagingTable.WriteBad(importer, entity, reader.LineNumber, issue, RawText(reader.RawRecord));
                }

                if ((read & (ProgressEveryRows - 1)) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(new IngestProgress(fileName, "reading", read, clock.Elapsed));
                }
            }
        }
        catch (MixedLineEndsException ex)
        {
            throw FileRejectedException.MixedLineEnds(ex);
        }
        catch (Exception ex) when (ex is CsvFormatException or CsvRecordTooLargeException)
        {
            // The parser cannot go on past this point, and rows after it would be neither loaded nor quarantined:
            // the whole file is refused, naming where reading stopped, so that nothing of it loads by halves.
            throw new FileRejectedException(null, ex is CsvRecordTooLargeException
                ? $"a record starting on or after line {reader.NextLineNumber} is longer than {ContractCsvReader.MaxRecordChars:N0} characters; nothing of the file was loaded"
                : $"a quoted field starting on or after line {reader.NextLineNumber} is malformed (no closing quote, or text right after a closing quote); nothing of the file was loaded: correct the quoting and send the file again",
                reader.NextLineNumber);
        }

        if (hashing.Finish() != sha256 || !file.Unchanged())
        {
            throw FileRejectedException.ChangedWhileRead();
        }

        await importer.CompleteAsync(cancellationToken);
        return (read, bad, [.. entity.Fields.Where((_, i) => columns[i] < 0).Select(f => f.Name)]);
    }

    /// <summary>
    /// The ledger's equation, read = inserted + updated + unchanged + quarantined, checked against the staged rows
    /// themselves: every row read is staged once, the quarantine holds exactly the staged rows marked bad, and the
    /// rest were inserted, updated or left unchanged. A difference is a bug; the file's transaction is then rolled
    /// back and the file recorded as failed.
    /// </summary>
    private static async Task CheckLedgerAsync(
        NpgsqlConnection connection, Func<string, object?, CommandDefinition> command,
        int read, int inserted, int updated, int unchanged, int quarantined, int quarantineRows)
    {
        const string stagedSql = "select count(*) as Staged, count(*) filter (where q_reason is not null) as Bad from stage";
        var staged = await connection.QuerySingleAsync<(long Staged, long Bad)>(command(stagedSql, null));
        var problems = new List<string>();
        if (read != inserted + updated + unchanged + quarantined || unchanged < 0)
        {
            problems.Add($"read {read} is not inserted {inserted} + updated {updated} + unchanged {unchanged} + quarantined {quarantined}");
        }

        if (staged.Staged != read)
        {
            problems.Add($"{staged.Staged} rows staged for {read} read");
        }

        if (staged.Bad != quarantined || quarantineRows != quarantined)
        {
            problems.Add($"{staged.Bad} staged rows marked bad and {quarantineRows} written to quarantine for {quarantined} counted");
        }

        if (problems.Count > 0)
        {
            throw new LedgerMismatchException(
                $"the load's counts do not add up ({string.Join("; ", problems)}); nothing of the file was kept. This is a fault in Outcomes: please report it");
        }
    }

    internal static RowIssue? Validate(
        ContractCsvReader reader, EntityDefinition entity, int[] columns, RowValues values, IngestOptions options, DateOnly latest)
    {
        if (reader.HasInvalidUtf8)
        {
            return new RowIssue(null, "contains bytes that are not valid UTF-8; expected the file saved as UTF-8");
        }

        if (reader.FieldCount != reader.Header.Count)
        {
            return new RowIssue(null, $"has {reader.FieldCount} fields but the header has {reader.Header.Count}; a comma inside a value needs the value in double quotes");
        }

        values.Clear();
        string? firstField = null;
        List<string>? problems = null;
        var fields = entity.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            var problem = FieldParser.Parse(reader.Field(columns[i]), fields[i], i, values, latest);
            if (problem is not null)
            {
                firstField ??= fields[i].Name;
                (problems ??= []).Add($"{fields[i].Name}: {problem}");
            }
        }

        if (problems is not null)
        {
            return new RowIssue(firstField, string.Join("; ", problems));
        }

        var ruleIssue = entity.RowRule(values, options);
        return ruleIssue is null ? null : ruleIssue with { Reason = $"{ruleIssue.Field}: {ruleIssue.Reason}" };
    }

    /// <summary>
    /// Finds each contract column in the header; the file is rejected when one is missing or doubled. A column that may
    /// be absent (<see cref="FieldDefinition.MayBeAbsent"/>) and is maps to -1: read as empty on every row.
    /// </summary>
    internal static int[] MapColumns(IReadOnlyList<string> header, EntityDefinition entity)
    {
        var duplicate = header.Select((name, index) => (name, index))
            .GroupBy(h => h.name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            // Name the column only when it is a contract column: a file sent without a header would otherwise
            // put a data value (perhaps an identifier) into the message.
            var known = entity.Fields.FirstOrDefault(f => string.Equals(f.Name, duplicate.Key, StringComparison.OrdinalIgnoreCase));
            throw known is not null
                ? new FileRejectedException(known.Name, $"the header names column {known.Name} twice")
                : new FileRejectedException(null,
                    $"columns {string.Join(" and ", duplicate.Select(d => d.index + 1))} of the header have the same name; expected a header row naming the columns {string.Join(",", entity.Fields.Select(f => f.Name))}");
        }

        var map = new int[entity.Fields.Count];
        var missing = new List<string>();
        for (var i = 0; i < entity.Fields.Count; i++)
        {
            map[i] = -1;
            for (var c = 0; c < header.Count; c++)
            {
                if (string.Equals(header[c], entity.Fields[i].Name, StringComparison.OrdinalIgnoreCase))
                {
                    map[i] = c;
                }
            }

            if (map[i] < 0 && !entity.Fields[i].MayBeAbsent)
            {
                missing.Add(entity.Fields[i].Name);
            }
        }

        if (missing.Count > 0)
        {
            throw new FileRejectedException(missing[0],
                $"the header lacks column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}; expected {string.Join(",", entity.Fields.Where(f => !f.MayBeAbsent).Select(f => f.Name))}"
                + (entity.Fields.Any(f => f.MayBeAbsent) ? $" ({string.Join(", ", entity.Fields.Where(f => f.MayBeAbsent).Select(f => f.Name))} may be left out)" : ""));
        }

        return map;
    }

    /// <summary>
    /// The raw text kept for a quarantined row: at most <see cref="MaxRawChars"/> characters, and NUL shown as ␀
    /// because PostgreSQL text cannot hold it (one NUL would otherwise fail the whole file instead of its row).
    /// </summary>
    private static string? RawText(ReadOnlySpan<char> raw)
    {
        var text = raw.Length <= MaxRawChars ? raw.ToString() : $"{raw[..MaxRawChars]}… (truncated; {raw.Length:N0} characters in all)";
        return text.Replace('\0', NulSymbol);
    }

    private async Task<long> StartBatchAsync(
        Guid runId, string fileName, EntityDefinition entity, string sha256, StagedOrigin? origin, string contractVersion,
        CancellationToken cancellationToken)
    {
        const string sql = """
            insert into ingest_batch (run_id, file_name, entity, sha256, status, software_version, profile, profile_sha256, source_sha256,
                                      contract_version)
            values (@RunId, @FileName, @Entity, @Sha256, 'started', @Version, @Profile, @ProfileSha256, @SourceSha256, @ContractVersion)
            returning batch_id
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            sql,
            new
            {
                RunId = runId, FileName = fileName, Entity = entity.Name, Sha256 = sha256, Version = SoftwareVersion,
                origin?.Profile, origin?.ProfileSha256, origin?.SourceSha256, ContractVersion = contractVersion,
            },
            cancellationToken: cancellationToken));
    }

    private async Task RejectBatchAsync(long batchId, string fileName, FileRejectedException rejected, CancellationToken cancellationToken)
    {
        const string sql = """
            update ingest_batch set status = 'rejected', message = @Message, finished_at = now() where batch_id = @Batch;
            insert into ingest_quarantine (batch_id, file_name, line_number, field, reason)
            values (@Batch, @FileName, @Line, @Field, @Message);
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            sql, new { Batch = batchId, FileName = fileName, rejected.Line, rejected.Field, rejected.Message }, cancellationToken: cancellationToken));
    }

    private async Task FailBatchAsync(long batchId, Exception error, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                "update ingest_batch set status = 'failed', message = @Message, finished_at = now() where batch_id = @Batch",
                new { Batch = batchId, Message = error.GetType().Name + ": " + error.Message }, cancellationToken: cancellationToken));
        }
        catch (NpgsqlException ex)
        {
            // The database itself is gone; the batch stays 'started' and the next run marks it abandoned.
            logger.LogWarning(ex, "Could not record the failure of batch {Batch}", batchId);
        }
    }

    private sealed record MergeCounts(long Inserted, long Updated);
}
