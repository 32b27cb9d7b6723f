using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Ingest.Tests.Loading;
using Outcomes.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Outcomes.Ingest.Tests.Fuzz;

/// <summary>
/// Random bytes sent as a contract file, alone or after the file's correct header: the ingest returns, the file
/// is rejected (one quarantine row at line 1) or committed with every row it read either loaded or quarantined
/// with a reason, and the ledger, quarantine and table agree. A programs row that does load must be one the
/// reference accepts, with the values it stores.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class RandomBytesFuzzTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>
{
    /// <summary>Bytes that steer a CSV parser: separators, quotes, line ends, NUL, a byte-order mark, UTF-8 lead bytes.</summary>
    private static readonly byte[] Steering = [.. ",,,\"\"\n\n\r"u8, 0x00, 0xEF, 0xBB, 0xBF, 0xC3, 0xA9, 0xFF, 0x80];

    private readonly FuzzHarness _harness = new(database);

    [Fact]
    public async Task Random_bytes_as_a_contract_file_are_rejected_or_quarantined_with_a_reason_and_nothing_is_half_loaded()
    {
        var rejected = 0;
        var committed = 0;
        var rowsQuarantined = 0;
        var rowsLoaded = 0;
        await FuzzCases.CheckAsync(output, "random bytes as a contract file", FuzzCases.Count(500), Cases.ToArbitrary(), c =>
        {
            using var drop = new DropFolder();
            var entity = DataContract.Files[c.Entity];
            var header = c.WithHeader ? Encoding.UTF8.GetBytes(string.Join(",", entity.Fields.Select(f => f.Name)) + "\n") : [];
            var fileName = entity.Name + ".csv";

            var file = _harness.Ingest(drop, fileName, [.. header, .. c.Bytes]);

            if (file.Result.Status == FileStatus.Rejected)
            {
                rejected++;
                return;
            }

            committed++;
            rowsQuarantined += file.Result.RowsQuarantined;
            rowsLoaded += file.Result.RowsInserted + file.Result.RowsUpdated;
            if (entity.Name == "programs")
            {
                foreach (var loaded in _harness.ProgramsOf(file.Result.BatchId))
                {
                    string[] stored =
                    [
                        loaded.FacilityId, loaded.ProgramId, loaded.Name, loaded.LevelOfCare, loaded.AsamLevel,
                        $"{loaded.AsamEdition}", $"{loaded.PlannedWeeks}", loaded.PlannedHours.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ];
                    Assert.Equal(loaded, ProgramReference.Expect(stored));
                }
            }
        });
        output.WriteLine($"{rejected} files rejected, {committed} committed ({rowsQuarantined} rows quarantined, {rowsLoaded} loaded)");
    }

    private static Gen<RandomBytesCase> Cases =>
        from entity in Gen.Choose(0, DataContract.Files.Count - 1)
        from withHeader in Gen.Elements(false, true)
        from length in Gen.Frequency((1, Gen.Constant(0)), (8, Gen.Choose(1, 300)), (2, Gen.Choose(300, 5000)))
        from bytes in Gen.Frequency(
            (3, Gen.Choose(0, 255).Select(b => (byte)b)),
            (1, Gen.Elements(Steering)),
            (2, Gen.Elements("abcXYZ0129-._:; F"u8.ToArray()))).ArrayOf(length)
        select new RandomBytesCase(entity, withHeader, bytes);

    internal sealed record RandomBytesCase(int Entity, bool WithHeader, byte[] Bytes)
    {
        public override string ToString() =>
            $"{DataContract.Files[Entity].Name}.csv, {(WithHeader ? "its header then " : "")}{Bytes.Length} random bytes: {Convert.ToHexString(Bytes)}";
    }
}
