using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Outcomes.Ingest.Loading;
using Outcomes.Ingest.Tests.Loading;
using Outcomes.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Outcomes.Ingest.Tests.Fuzz;

/// <summary>
/// Whole hostile drop folders, the red team's kinds mixed at random: a programs file with the mutation fuzzer's
/// changes, written with LF, CRLF or CR line ends, sometimes with one line ended another way, a malformed quote or
/// a UTF-16/32 byte-order mark, ids repeated in another case; a second programs file sending loaded programs again
/// with their ids in another case; drug screens with empty list items and episode ids in another case; and, named
/// like contract files, a named pipe, a broken link, a looping pair of links or a folder. After every run: each
/// contract-named entry has exactly one result, committed or rejected; the ledger adds up for each; nothing is lost
/// (exactly the reference's rows load) and nothing is doubled (one row per id, whatever its case); the entries that
/// are not regular files are refused by name; and running the folder again changes nothing.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class HostileDropFuzzTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>
{
    private static readonly string[] LineEnds = ["\n", "\r\n", "\r"];

    private readonly FuzzHarness _harness = new(database);

    [Fact]
    public async Task Hostile_drop_folders_load_every_file_whole_or_not_at_all_lose_and_double_nothing_and_change_nothing_when_run_again()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        void Count(string what, int n = 1) => counts[what] = counts.GetValueOrDefault(what) + n;

        await FuzzCases.CheckAsync(output, "hostile drop folders", FuzzCases.Count(40), Cases.ToArbitrary(), c =>
        {
            using var drop = DropFolder.WithBase();
            var expected = Write(drop, c);

            // A mutation may change a row's facility id: rows of the case's facility, in whatever case, are its own;
            // they are stored under the spelling the base files gave it first.
            bool Mine(string facility) => string.Equals(facility, drop.Facility, StringComparison.OrdinalIgnoreCase);

            var first = _harness.Run(drop);
            var contractEntries = Directory.EnumerateFileSystemEntries(drop.Path).Select(p => Path.GetFileName(p))
                .Where(n => Outcomes.Ingest.Contract.DataContract.ForFileName(n) is not null).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(contractEntries, first.Files.Select(f => f.FileName).Order(StringComparer.Ordinal).ToList());
            var files = first.Files.ToDictionary(
                f => f.FileName,
                f => _harness.Check(f, f.FileName == "programs_fuzz.csv" && f.Status == FileStatus.Committed ? expected.AgainRows.Count(r => r.Renamed) : 0),
                StringComparer.Ordinal);

            foreach (var name in new[] { "programs.csv", "patients.csv", "episodes.csv" })
            {
                Assert.Equal(FileStatus.Committed, files[name].Result.Status);
                Assert.Equal(0, files[name].Result.RowsQuarantined);
            }

            // The programs file: rejected as a whole for its fault, or exactly the reference's rows.
            var programs = files["programs_fuzz.csv"];
            if (expected.RejectedAt is { } line)
            {
                Assert.Equal(FileStatus.Rejected, programs.Result.Status);
                Assert.Equal(line, Assert.Single(programs.Quarantine).LineNumber);
                Assert.StartsWith(expected.RejectedBecause!, programs.Result.Message, StringComparison.Ordinal);
                Count($"programs files rejected: {c.Fault.Kind}");
            }
            else
            {
                Assert.Equal(FileStatus.Committed, programs.Result.Status);
                Assert.Equal(expected.Programs.QuarantinedLines, programs.Quarantine.Select(q => q.LineNumber).Order().ToList());

                // As the reference read them, with the names the second file changed.
                var renamed = expected.AgainRows.Where(r => r.Renamed).ToDictionary(r => r.FirstId, r => r.Name, StringComparer.Ordinal);
                Assert.Equal(
                    expected.Programs.Loaded.Where(p => Mine(p.FacilityId))
                        .Select(p => p with { FacilityId = drop.Facility, Name = renamed.GetValueOrDefault(p.ProgramId, p.Name) }).ToList(),
                    FuzzPrograms(drop));
                Count("program rows loaded", expected.Programs.Loaded.Count);
                Count("program rows quarantined", expected.Programs.QuarantinedLines.Count);
                Count($"programs files committed with {Name(c.LineEnd)} line ends");
            }

            // The same programs again in another case: never a new program when the first file loaded them.
            if (files.TryGetValue("programs_fuzz_2.csv", out var again))
            {
                Assert.Equal(FileStatus.Committed, again.Result.Status);
                Assert.Equal(0, again.Result.RowsQuarantined);
                if (expected.RejectedAt is null)
                {
                    Assert.Equal((0, expected.AgainRows.Count(r => r.Renamed)), (again.Result.RowsInserted, again.Result.RowsUpdated));
                    Count("programs sent again in another case", expected.AgainRows.Count);
                }
                else
                {
                    Assert.Equal(expected.AgainRows.Count, again.Result.RowsInserted);
                }
            }

            // Nothing doubled: one program per id whatever its case, with the first spelling.
            var stored = database.QueryAsync<string>(
                    "select source_program_id from program where facility_id = @Facility and source_program_id not in ('IOP', 'PHP')", new { drop.Facility })
                .GetAwaiter().GetResult();
            Assert.Equal(
                (expected.RejectedAt is null
                    ? expected.Programs.Loaded.Where(p => Mine(p.FacilityId)).Select(p => p.ProgramId)
                    : expected.AgainRows.Where(r => Mine(r.FacilityId)).Select(r => r.Id))
                    .Order(StringComparer.Ordinal).ToList(),
                stored.Order(StringComparer.Ordinal).ToList());

            // Drug screens: a list with an empty item is quarantined at its line; the rest load on their episode.
            var screens = files["drug_screens.csv"];
            Assert.Equal(FileStatus.Committed, screens.Result.Status);
            Assert.Equal(expected.ScreenQuarantinedLines, screens.Quarantine.Select(q => q.LineNumber).ToList());
            Assert.Equal(c.Screens.Length - expected.ScreenQuarantinedLines.Count, screens.Result.RowsInserted);
            Count("screens with an empty list item quarantined", expected.ScreenQuarantinedLines.Count);

            // Entries that are not regular files: refused by name, each with what it is.
            foreach (var (name, reason) in expected.Refused)
            {
                Assert.Equal(FileStatus.Rejected, files[name].Result.Status);
                Assert.Equal(reason, files[name].Result.Message);
                Count($"refused: {name}");
            }

            // Run again: loaded files are skipped, refused and rejected ones refused again, nothing changes.
            var before = Snapshot(drop);
            var second = _harness.Run(drop);
            foreach (var file in second.Files)
            {
                var earlier = files[file.FileName].Result;
                Assert.Equal(earlier.Status == FileStatus.Committed ? FileStatus.Skipped : FileStatus.Rejected, file.Status);
                if (file.Status == FileStatus.Rejected)
                {
                    Assert.Equal(earlier.Message, file.Message);
                    _harness.Check(file);
                }
            }

            Assert.Equal(before, Snapshot(drop));
            Count("cases");
        });
        output.WriteLine(string.Join("; ", counts.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}: {k.Value}")));
    }

    /// <summary>Writes the case's drop folder and says what the ingest must make of it.</summary>
    private static Expected Write(DropFolder drop, HostileCase c)
    {
        // Programs: owned ids, some rows repeating an earlier id in another case, then the fuzzer's mutations.
        var rows = c.Rows.Select(r => ProgramRows.Own(r, drop.Facility)).ToArray();
        for (var i = 1; i < rows.Length; i++)
        {
            if (c.RepeatOf[i] is { } of)
            {
                rows[i][1] = FlipCase(rows[of % i][1], c.Seed + i);
            }
        }

        var changed = rows.Select((r, i) => c.Mutations[i].Aggregate(r, (fields, m) => m.Apply(fields))).ToArray();
        var lineEnd = c.LineEnd;
        var breakChar = lineEnd == "\r" ? '\r' : '\n';
        var texts = changed.Select(r => string.Join(",", r.Select(CsvText.Quote))).ToArray();
        var lines = new int[texts.Length];
        var text = new StringBuilder(ProgramReference.Header).Append(lineEnd);
        var line = 2;
        int? rejectedAt = null;
        string? because = null;
        for (var i = 0; i < texts.Length; i++)
        {
            lines[i] = line;
            var row = texts[i];
            if (c.Fault.Kind == FaultKind.MalformedQuote && c.Fault.Row % texts.Length == i)
            {
                row = "\"q\"x," + row;
                rejectedAt = line;
                because = $"a quoted field starting on or after line {line} is malformed";
            }

            var end = lineEnd;
            line += row.Count(ch => ch == breakChar);
            if (c.Fault.Kind == FaultKind.MixedLineEnd && c.Fault.Row % texts.Length == i)
            {
                end = LineEnds[(Array.IndexOf(LineEnds, lineEnd) + 1 + c.Fault.Other % 2) % 3];
                rejectedAt = line;
                because = $"line {line} ends with {Name(end)} but the lines before it end with {Name(lineEnd)}";
            }

            text.Append(row).Append(end);
            line++;
        }

        var bytes = Encode(text.ToString(), c.Fault);
        if (c.Fault.Kind is FaultKind.Utf16 or FaultKind.Utf32)
        {
            rejectedAt = 1;
            because = "the file is saved as UTF-";
        }

        drop.WriteBytes("programs_fuzz.csv", bytes);
        var verdict = Judge([.. changed.Select((r, i) => (lines[i], (IReadOnlyList<string>)r))]);

        // Programs sent again in another case (some renamed): each must find its program.
        var again = new List<AgainRow>();
        if (c.SendAgain)
        {
            var againText = new StringBuilder(ProgramReference.Header).Append('\n');
            foreach (var (program, n) in verdict.Loaded.Select((p, n) => (p, n)))
            {
                var renamed = n % 2 == 0;
                var id = FlipCase(program.ProgramId, c.Seed + 100 + n);
                var name = renamed ? "Renamed " + n.ToString(CultureInfo.InvariantCulture) : program.Name;
                againText.Append(string.Join(",", new[]
                {
                    program.FacilityId, id, name, program.LevelOfCare, program.AsamLevel,
                    program.AsamEdition.ToString(CultureInfo.InvariantCulture), program.PlannedWeeks.ToString(CultureInfo.InvariantCulture),
                    program.PlannedHours.ToString(CultureInfo.InvariantCulture),
                }.Select(CsvText.Quote))).Append('\n');
                again.Add(new AgainRow(program.FacilityId, id, program.ProgramId, name, renamed && name != program.Name));
            }

            if (again.Count > 0)
            {
                drop.WriteBytes("programs_fuzz_2.csv", Encoding.UTF8.GetBytes(againText.ToString()));
            }
        }

        // Drug screens on episode E1 (2026-01-05 to 01-23), its id in either case, some lists with an empty item.
        var screens = new StringBuilder("facility_id,screen_id,episode_id,collection_date,result,substances\n");
        var screenQuarantined = new List<int>();
        for (var i = 0; i < c.Screens.Length; i++)
        {
            var (lowerEpisode, emptyItem) = c.Screens[i];
            var list = emptyItem ? "cocaine;;alcohol" : "cocaine;alcohol";
            screens.Append(CultureInfo.InvariantCulture, $"{drop.Facility},D{i},{(lowerEpisode ? "e1" : "E1")},2026-01-{10 + i},positive,{list}\n");
            if (emptyItem)
            {
                screenQuarantined.Add(2 + i);
            }
        }

        drop.WriteBytes("drug_screens.csv", Encoding.UTF8.GetBytes(screens.ToString()));

        // Entries named like contract files that are not regular files.
        var refused = new List<(string, string)>();
        foreach (var entry in c.Entries.Distinct())
        {
            var path = Path.Combine(drop.Path, EntryName(entry));
            switch (entry)
            {
                case EntryKind.Fifo:
                    HostileFileTests.MakeFifo(path);
                    refused.Add((EntryName(entry), "a named pipe (FIFO), not a regular file; only regular files are read"));
                    break;
                case EntryKind.DanglingLink:
                    File.CreateSymbolicLink(path, Path.Combine(drop.Path, "gone.csv"));
                    refused.Add((EntryName(entry), "a link to something that does not exist; only regular files are read"));
                    break;
                case EntryKind.LoopingLinks:
                    File.CreateSymbolicLink(path, path + ".next.csv");
                    File.CreateSymbolicLink(path + ".next.csv", path);
                    refused.Add((EntryName(entry), "a link that leads round in a loop (or through too many links); only regular files are read"));
                    refused.Add((EntryName(entry) + ".next.csv", "a link that leads round in a loop (or through too many links); only regular files are read"));
                    break;
                default:
                    Directory.CreateDirectory(path);
                    refused.Add((EntryName(entry), "a folder, not a file; only regular files are read"));
                    break;
            }
        }

        return new Expected(verdict, rejectedAt, because, again, screenQuarantined, refused);
    }

    /// <summary>The reference's verdict with ids compared without regard to case: the first spelling is kept.</summary>
    private static FileVerdict Judge(IReadOnlyList<(int Line, IReadOnlyList<string> Fields)> rows)
    {
        var loaded = new List<ExpectedProgram>();
        var quarantined = new List<int>();
        var keys = new HashSet<(string, string)>();
        foreach (var (line, fields) in rows)
        {
            var program = ProgramReference.Expect(fields);
            if (program is null || !keys.Add((program.FacilityId.ToLowerInvariant(), program.ProgramId.ToLowerInvariant())))
            {
                quarantined.Add(line);
            }
            else
            {
                loaded.Add(program);
            }
        }

        return new FileVerdict(
            [.. loaded.OrderBy(p => p.FacilityId, StringComparer.Ordinal).ThenBy(p => p.ProgramId, StringComparer.Ordinal)],
            [.. quarantined.Order()]);
    }

    private static byte[] Encode(string text, Fault fault) => fault.Kind switch
    {
        FaultKind.Utf16 => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
        FaultKind.Utf32 => [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(text)],
        _ => CsvText.Bytes(text),
    };

    private static string FlipCase(string id, int seed)
    {
        var chars = id.ToCharArray();
        var random = new Random(seed);
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsAsciiLetter(chars[i]) && random.Next(2) == 0)
            {
                chars[i] = char.IsAsciiLetterUpper(chars[i]) ? char.ToLowerInvariant(chars[i]) : char.ToUpperInvariant(chars[i]);
            }
        }

        return new string(chars);
    }

    private static string Name(string lineEnd) => lineEnd switch
    {
        "\n" => "LF",
        "\r\n" => "CRLF",
        _ => "CR",
    };

    private static string EntryName(EntryKind kind) => kind switch
    {
        EntryKind.Fifo => "follow_ups.csv",
        EntryKind.DanglingLink => "family_contacts.csv",
        EntryKind.LoopingLinks => "relapse_events.csv",
        _ => "sessions.csv",
    };

    /// <summary>The case's own programs (not the base's IOP and PHP), in the reference's terms and order.</summary>
    private List<ExpectedProgram> FuzzPrograms(DropFolder drop) =>
    [
        .. database.QueryAsync<ExpectedProgram>(
                """
                select facility_id as FacilityId, source_program_id as ProgramId, name as Name, level_of_care as LevelOfCare,
                       asam_level as AsamLevel, asam_edition::int as AsamEdition, planned_weeks::int as PlannedWeeks,
                       planned_hours_per_week as PlannedHours
                from program where facility_id = @Facility and source_program_id not in ('IOP', 'PHP')
                """,
                new { drop.Facility })
            .GetAwaiter().GetResult()
            .OrderBy(p => p.FacilityId, StringComparer.Ordinal).ThenBy(p => p.ProgramId, StringComparer.Ordinal),
    ];

    private string Snapshot(DropFolder drop) => string.Join("\n", database.QueryAsync<string>(
            """
            select 'program ' || source_program_id || ' ' || name || ' ' || batch_id from program where facility_id = @Facility
            union all select 'screen ' || source_screen_id || ' ' || batch_id from drug_screen where facility_id = @Facility
            union all select 'episode ' || source_episode_id || ' ' || batch_id from episode where facility_id = @Facility
            order by 1
            """,
            new { drop.Facility })
        .GetAwaiter().GetResult());

    private static Gen<HostileCase> Cases =>
        from rows in ProgramRows.ValidFile(6)
        from repeatOf in Gen.Frequency((3, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 5).Select(i => (int?)i))).ArrayOf(rows.Length)
        from mutations in Gen.Frequency(
            (4, Gen.Constant(Array.Empty<RowMutation>())),
            (1, from n in Gen.Choose(1, 2) from m in RowMutation.Any.ArrayOf(n) select m)).ArrayOf(rows.Length)
        from lineEnd in Gen.Elements(LineEnds)
        from fault in Gen.Frequency(
            (6, Gen.Constant(new Fault(FaultKind.None, 0, 0))),
            (2, from r in Gen.Choose(0, 5) from o in Gen.Choose(0, 1) select new Fault(FaultKind.MixedLineEnd, r, o)),
            (2, from r in Gen.Choose(0, 5) select new Fault(FaultKind.MalformedQuote, r, 0)),
            (1, Gen.Elements(new Fault(FaultKind.Utf16, 0, 0), new Fault(FaultKind.Utf32, 0, 0))))
        from sendAgain in Gen.Elements(false, true)
        from screenCount in Gen.Choose(1, 5)
        from screens in (from lower in Gen.Elements(false, true) from empty in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true))) select (lower, empty)).ArrayOf(screenCount)
        from entryCount in Gen.Choose(0, 3)
        from entries in Gen.Elements(EntryKind.Fifo, EntryKind.DanglingLink, EntryKind.LoopingLinks, EntryKind.Folder).ArrayOf(entryCount)
        from seed in Gen.Choose(0, 1 << 20)
        select new HostileCase(rows, repeatOf, mutations, lineEnd, fault, sendAgain, screens, entries, seed);

    internal enum FaultKind
    {
        None,
        MixedLineEnd,
        MalformedQuote,
        Utf16,
        Utf32,
    }

    internal enum EntryKind
    {
        Fifo,
        DanglingLink,
        LoopingLinks,
        Folder,
    }

    /// <summary>One fault in the programs file: the row it is at, and for a mixed line end which other end.</summary>
    internal sealed record Fault(FaultKind Kind, int Row, int Other);

    internal sealed record AgainRow(string FacilityId, string Id, string FirstId, string Name, bool Renamed);

    private sealed record Expected(
        FileVerdict Programs, int? RejectedAt, string? RejectedBecause, IReadOnlyList<AgainRow> AgainRows,
        IReadOnlyList<int> ScreenQuarantinedLines, IReadOnlyList<(string Name, string Reason)> Refused);

    internal sealed record HostileCase(
        string[][] Rows, int?[] RepeatOf, RowMutation[][] Mutations, string LineEnd, Fault Fault, bool SendAgain,
        (bool LowerEpisode, bool EmptyItem)[] Screens, EntryKind[] Entries, int Seed)
    {
        public override string ToString() =>
            string.Join(Environment.NewLine, Rows.Select((r, i) =>
                $"  {string.Join(",", r)}  <- {(RepeatOf[i] is { } of && i > 0 ? $"id of row {of % i} in another case; " : "")}{(Mutations[i].Length == 0 ? "untouched" : string.Join(", ", Mutations[i].Select(m => m.ToString())))}"))
            + $"{Environment.NewLine}  line ends {Name(LineEnd)}, fault {Fault}, send again {SendAgain}, screens {string.Join(" ", Screens)}, entries {string.Join(" ", Entries)}, seed {Seed}";
    }
}
