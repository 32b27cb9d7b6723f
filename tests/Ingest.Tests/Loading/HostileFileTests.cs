using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Contract.Files;
using Outcomes.Ingest.Loading;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Ingest.Tests.Loading;

/// <summary>
/// The red team's drop folders, on disk with a real named pipe and real links, into a real database: whatever a
/// folder holds, a file loads whole or not at all, the file loaded is the file hashed, line numbers are right for
/// every kind of line end, and what is not a regular file is refused by name while the rest of the folder loads.
/// </summary>
public sealed class HostileFileTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string ProgramsHeader = "facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week";

    /// <summary>The longest any one of these ingests may take before the test calls it a hang.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

    private const string Sessions = DropFolder.SessionsHeader + """

        F1,S1,E1,2026-01-05,group,180,attended,180
        F1,S2,E1,2026-01-06,group,60,attended,60
        F1,S3,E1,2026-01-07,yoga,60,attended,60
        F1,S4,E1,2026-01-08,group,60,attended,45
        F1,S5,E1,2026-01-09,group,60,attended,60

        """;

    // A file that changes while it is read (red-team finding 5)

    [Fact]
    public async Task A_file_cut_short_while_it_is_read_is_rejected_and_the_whole_file_sent_again_loads()
    {
        using var drop = DropFolder.WithBase();
        const int Rows = 70_000;
        var whole = ManyPrograms(drop, Rows);
        var path = drop.WriteBytes("programs.csv", whole);

        // The reader reports progress every 65,536 rows; at that moment the sender's copy is cut to half.
        var cut = new OnProgress(p =>
        {
            if (p.Phase == "reading")
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                stream.SetLength(whole.Length / 2);
            }
        });
        var first = (await IngestAsync(drop, cut)).File("programs.csv");

        Assert.Equal(FileStatus.Rejected, first.Status);
        Assert.StartsWith("the file changed while it was being read", first.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(ProgramsFile.Definition, drop));
        Assert.Equal("rejected", await StatusAsync(first));

        drop.WriteBytes("programs.csv", whole);
        var again = (await IngestHarness.IngestAsync(database, drop)).File("programs.csv");

        Assert.Equal((FileStatus.Committed, Rows, Rows), (again.Status, again.RowsRead, again.RowsInserted));
        Assert.Equal(Rows, await CountAsync(ProgramsFile.Definition, drop));
    }

    [Fact]
    public async Task A_file_grown_while_it_is_read_is_rejected_and_not_recorded_as_loaded()
    {
        using var drop = DropFolder.WithBase();
        const int Rows = 70_000;
        var whole = ManyPrograms(drop, Rows);
        var part = ManyPrograms(drop, 66_000);
        var path = drop.WriteBytes("programs.csv", part);

        // 66,000 rows are there when the ingest starts (more than the 65,536 after which it reports progress);
        // the rest arrive while it reads.
        var grow = new OnProgress(p =>
        {
            if (p.Phase == "reading")
            {
                File.WriteAllBytes(path, whole);
            }
        });
        var programs = (await IngestAsync(drop, grow)).File("programs.csv");

        Assert.Equal(FileStatus.Rejected, programs.Status);
        Assert.Equal(0, await CountAsync(ProgramsFile.Definition, drop));
        Assert.Equal(0L, await database.ScalarAsync<long>(
            "select count(*) from ingest_batch where file_name = 'programs.csv' and status = 'committed' and batch_id = @Batch", new { Batch = programs.BatchId }));
        Assert.Equal(Rows, (await IngestHarness.IngestAsync(database, drop)).File("programs.csv").RowsInserted);
    }

    [Fact]
    public async Task A_file_rewritten_to_the_same_size_and_time_while_it_is_read_is_rejected_by_its_hash()
    {
        using var drop = DropFolder.WithBase();
        var whole = ManyPrograms(drop, 70_000);
        var path = drop.WriteBytes("programs.csv", whole);
        var modified = File.GetLastWriteTimeUtc(path);

        // Near the end, beyond what the reader has read so far, one program changes its level of care; the file
        // keeps its size and gets its modification time back: only the content tells.
        var rewrite = new OnProgress(p =>
        {
            if (p.Phase == "reading")
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                {
                    stream.Position = whole.Length - "IOP,2.1,3,8,9\n".Length;
                    stream.Write("PHP,2.5"u8);
                }

                File.SetLastWriteTimeUtc(path, modified);
            }
        });
        var programs = (await IngestAsync(drop, rewrite)).File("programs.csv");

        Assert.Equal(FileStatus.Rejected, programs.Status);
        Assert.StartsWith("the file changed while it was being read", programs.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(ProgramsFile.Definition, drop));
    }

    // Line ends (red-team finding 6)

    [Fact]
    public async Task A_file_with_cr_line_ends_numbers_its_lines_and_quarantines_only_the_bad_rows()
    {
        using var drop = DropFolder.WithBase();
        drop.WriteBytes("sessions.csv", Encoding.UTF8.GetBytes(drop.OwnFacility(DropFolder.SessionsHeader + """

            F1,S1,E1,2026-01-05,group,180,attended,180
            F1,S2,E1,2026-01-06,group,60,attended,60
            F1,S3,E1,2026-01-07,yoga,60,attended,60
            F1,S2,E1,2026-01-08,group,60,attended,45
            F1,S5,E9,2026-01-09,group,60,attended,60
            F1,S6,E1,2026-01-10,group,60,attended,60

            """).Replace("\n", "\r", StringComparison.Ordinal)));

        var sessions = (await IngestHarness.IngestAsync(database, drop)).File("sessions.csv");

        Assert.Equal((FileStatus.Committed, 6, 3, 0, 3), (sessions.Status, sessions.RowsRead, sessions.RowsInserted, sessions.RowsUnchanged, sessions.RowsQuarantined));
        Assert.Equal(
            [(4, "kind"), (5, "session_id"), (6, "episode_id")],
            (await QuarantineAsync(sessions)).Select(q => (q.LineNumber, q.Field)));
        Assert.Equal(3, await CountAsync(SessionsFile.Definition, drop));
    }

    [Theory]
    [InlineData("\n", "\r", 4, "line 4 ends with CR but the lines before it end with LF")]
    [InlineData("\r\n", "\n", 4, "line 4 ends with LF but the lines before it end with CRLF")]
    [InlineData("\n", "\r\n", 4, "line 4 ends with CRLF but the lines before it end with LF")]
    [InlineData("\r", "\n", 4, "line 4 ends with LF but the lines before it end with CR")]
    public async Task A_file_mixing_line_ends_is_rejected_naming_the_line_where_the_mix_starts(string style, string other, int line, string reason)
    {
        using var drop = DropFolder.WithBase();
        var rows = drop.OwnFacility(Sessions).Split('\n');
        var text = string.Join(style, rows[..3]) + style + rows[3] + other + string.Join(style, rows[4..]);
        drop.WriteBytes("sessions.csv", Encoding.UTF8.GetBytes(text));

        var sessions = (await IngestHarness.IngestAsync(database, drop)).File("sessions.csv");

        Assert.Equal(FileStatus.Rejected, sessions.Status);
        var row = Assert.Single(await QuarantineAsync(sessions));
        Assert.Equal(line, row.LineNumber);
        Assert.StartsWith(reason + "; a file must end all its lines the same way", row.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(SessionsFile.Definition, drop));
    }

    [Fact]
    public async Task A_quoted_lf_inside_a_crlf_file_is_part_of_its_value_as_spreadsheets_write_it()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("drug_screens.csv",
            "facility_id,screen_id,episode_id,collection_date,result,substances\r\n"
            + "F1,D1,E1,2026-01-06,positive,\"cocaine;\nfentanyl\"\r\n"
            + "F1,D2,E1,2026-01-13,postive,\r\n"
            + "F1,D3,E1,2026-01-20,negative,\r\n");

        var screens = (await IngestHarness.IngestAsync(database, drop)).File("drug_screens.csv");

        Assert.Equal(FileStatus.Committed, screens.Status);
        Assert.Equal([(4, "result")], (await QuarantineAsync(screens)).Select(q => (q.LineNumber, q.Field)));
        Assert.Equal(2, await CountAsync(DrugScreensFile.Definition, drop));
    }

    // A quote the parser cannot read past (red-team finding 7)

    [Fact]
    public async Task A_malformed_quote_in_the_middle_rejects_the_whole_file_naming_its_line_and_the_corrected_file_loads()
    {
        using var drop = DropFolder.WithBase();
        var bad = Sessions.Replace("F1,S3,E1,2026-01-07,yoga", "F1,S3,E1,\"2026-01-07\"x,yoga", StringComparison.Ordinal);
        drop.Write("sessions.csv", bad);

        var first = (await IngestHarness.IngestAsync(database, drop)).File("sessions.csv");
        var again = (await IngestHarness.IngestAsync(database, drop)).File("sessions.csv");

        Assert.Equal((FileStatus.Rejected, FileStatus.Rejected), (first.Status, again.Status));
        var row = Assert.Single(await QuarantineAsync(first));
        Assert.Equal((4, (string?)null), (row.LineNumber, row.Field));
        Assert.Equal(
            "a quoted field starting on or after line 4 is malformed (no closing quote, or text right after a closing quote); nothing of the file was loaded: correct the quoting and send the file again",
            row.Reason);
        Assert.Equal(0, await CountAsync(SessionsFile.Definition, drop));

        drop.Write("sessions.csv", Sessions);
        var corrected = (await IngestHarness.IngestAsync(database, drop)).File("sessions.csv");
        Assert.Equal((FileStatus.Committed, 5, 4, 1), (corrected.Status, corrected.RowsRead, corrected.RowsInserted, corrected.RowsQuarantined));
    }

    // What is not a regular file (red-team finding 8)

    [Fact]
    public async Task A_named_pipe_named_like_a_contract_file_is_refused_at_once_and_the_other_files_load()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("sessions.csv", Sessions);
        MakeFifo(Path.Combine(drop.Path, "follow_ups.csv"));

        var result = await IngestHarness.IngestAsync(database, drop).WaitAsync(Hang);

        var pipe = result.File("follow_ups.csv");
        Assert.Equal(FileStatus.Rejected, pipe.Status);
        Assert.Equal("a named pipe (FIFO), not a regular file; only regular files are read", pipe.Message);
        Assert.Equal("rejected", await StatusAsync(pipe));
        Assert.Equal((1, "a named pipe (FIFO), not a regular file; only regular files are read"),
            Assert.Single((await QuarantineAsync(pipe)).Select(q => (q.LineNumber, q.Reason))));
        Assert.Equal(4, result.File("sessions.csv").RowsInserted);
        Assert.Equal(3, await CountAsync(EpisodesFile.Definition, drop));

        // The ingest lock was let go: the next run gets it and refuses the pipe again.
        var next = await IngestHarness.IngestAsync(database, drop).WaitAsync(Hang);
        Assert.Equal(FileStatus.Rejected, next.File("follow_ups.csv").Status);
    }

    [Fact]
    public async Task Broken_looping_and_folder_entries_named_like_contract_files_are_refused_by_name_and_the_other_files_load()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("sessions.csv", Sessions);
        File.CreateSymbolicLink(Path.Combine(drop.Path, "drug_screens.csv"), Path.Combine(drop.Path, "nowhere.csv"));
        File.CreateSymbolicLink(Path.Combine(drop.Path, "relapse_events.csv"), Path.Combine(drop.Path, "relapse_events_2.csv"));
        File.CreateSymbolicLink(Path.Combine(drop.Path, "relapse_events_2.csv"), Path.Combine(drop.Path, "relapse_events.csv"));
        Directory.CreateDirectory(Path.Combine(drop.Path, "follow_ups.csv"));

        var result = await IngestHarness.IngestAsync(database, drop).WaitAsync(Hang);

        Assert.Equal(
            [
                ("drug_screens.csv", FileStatus.Rejected, "a link to something that does not exist; only regular files are read"),
                ("episodes.csv", FileStatus.Committed, null),
                ("follow_ups.csv", FileStatus.Rejected, "a folder, not a file; only regular files are read"),
                ("patients.csv", FileStatus.Committed, null),
                ("programs.csv", FileStatus.Committed, null),
                ("relapse_events.csv", FileStatus.Rejected, "a link that leads round in a loop (or through too many links); only regular files are read"),
                ("relapse_events_2.csv", FileStatus.Rejected, "a link that leads round in a loop (or through too many links); only regular files are read"),
                ("sessions.csv", FileStatus.Committed, null),
            ],
            result.Files.OrderBy(f => f.FileName, StringComparer.Ordinal).Select(f => (f.FileName, f.Status, f.Message)));
        Assert.True(result.AnyRejected);
        Assert.Equal(4, await CountAsync(SessionsFile.Definition, drop));
    }

    /// <summary>A link to /dev/zero would otherwise be read for ever, one to /dev/null loaded as an empty file.</summary>
    [Fact]
    public async Task Links_to_devices_are_refused_as_devices_and_the_other_files_load()
    {
        using var drop = DropFolder.WithBase();
        File.CreateSymbolicLink(Path.Combine(drop.Path, "sessions.csv"), "/dev/zero");
        File.CreateSymbolicLink(Path.Combine(drop.Path, "follow_ups.csv"), "/dev/null");

        var result = await IngestHarness.IngestAsync(database, drop).WaitAsync(Hang);

        Assert.All(new[] { "sessions.csv", "follow_ups.csv" }, name =>
            Assert.Equal((FileStatus.Rejected, "a device, not a regular file; only regular files are read"), (result.File(name).Status, result.File(name).Message)));
        Assert.Equal(3, result.File("episodes.csv").RowsInserted);
    }

    [Fact]
    public async Task A_link_to_a_regular_file_is_read_through_the_link()
    {
        using var drop = DropFolder.WithBase();
        using var elsewhere = new DropFolder();
        var target = Path.Combine(elsewhere.Path, "export-2026-10.txt");
        File.WriteAllText(target, drop.OwnFacility(Sessions));
        File.CreateSymbolicLink(Path.Combine(drop.Path, "sessions.csv"), target);

        var sessions = (await IngestHarness.IngestAsync(database, drop)).File("sessions.csv");

        Assert.Equal((FileStatus.Committed, 4), (sessions.Status, sessions.RowsInserted));
    }

    // Encodings other than UTF-8 (red-team finding 10)

    [Theory]
    [InlineData("utf-16", "UTF-16")]
    [InlineData("utf-16BE", "UTF-16BE")]
    [InlineData("utf-32", "UTF-32")]
    public async Task A_file_with_a_utf16_or_utf32_byte_order_mark_is_rejected_as_a_whole_asking_for_utf8(string encoding, string named)
    {
        using var drop = DropFolder.WithBase();
        var text = Encoding.GetEncoding(encoding);
        drop.WriteBytes("sessions.csv", [.. text.GetPreamble(), .. text.GetBytes(drop.OwnFacility(Sessions))]);

        var sessions = (await IngestHarness.IngestAsync(database, drop)).File("sessions.csv");

        Assert.Equal(FileStatus.Rejected, sessions.Status);
        Assert.Equal(
            $"the file is saved as {named} (it starts with a {named} byte-order mark); expected UTF-8: save or export it as UTF-8 and send it again",
            sessions.Message);
        Assert.Equal(0, await CountAsync(SessionsFile.Definition, drop));
    }

    [Fact]
    public async Task A_substance_list_with_an_empty_item_is_quarantined_with_the_reason()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("drug_screens.csv", """
            facility_id,screen_id,episode_id,collection_date,result,substances
            F1,D1,E1,2026-01-06,positive,cocaine;;alcohol
            F1,D2,E1,2026-01-13,positive,cocaine;alcohol

            """);

        var screens = (await IngestHarness.IngestAsync(database, drop)).File("drug_screens.csv");

        var row = Assert.Single(await QuarantineAsync(screens));
        Assert.Equal((2, "substances"), (row.LineNumber, row.Field));
        Assert.EndsWith("separated by ';'; item 2 is empty (two ';' in a row, or a ';' at the start or end)", row.Reason, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(DrugScreensFile.Definition, drop));
    }

    internal static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    private static byte[] ManyPrograms(DropFolder drop, int rows)
    {
        var text = new StringBuilder(ProgramsHeader).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            text.Append(drop.Facility).Append(",P").Append(i).Append(",Adult IOP,IOP,2.1,3,8,9\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private Task<IngestRunResult> IngestAsync(DropFolder drop, IProgress<IngestProgress> progress) =>
        new FolderIngestor(database.DataSource, NullLogger.Instance)
            .IngestAsync(drop.Path, new IngestOptions { Today = IngestHarness.Today }, progress)
            .WaitAsync(Hang);

    private Task<string> StatusAsync(FileResult file) =>
        database.ScalarAsync<string>("select status from ingest_batch where batch_id = @Batch", new { Batch = file.BatchId });

    private Task<IReadOnlyList<QuarantinedRow>> QuarantineAsync(FileResult file) =>
        database.QueryAsync<QuarantinedRow>(
            "select line_number as LineNumber, field as Field, reason as Reason, raw_record as RawRecord from ingest_quarantine where batch_id = @Batch order by line_number",
            new { Batch = file.BatchId });

    private Task<long> CountAsync(EntityDefinition entity, DropFolder drop) =>
        database.ScalarAsync<long>($"select count(*) from {entity.Table} where facility_id = @Facility", new { drop.Facility });

    /// <summary>Runs the action on the ingest's own thread, at the moment progress is reported (unlike Progress&lt;T&gt;).</summary>
    private sealed class OnProgress(Action<IngestProgress> action) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => action(value);
    }
}
