using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Contract.Instruments;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Ingest.Tests.Loading;

/// <summary>
/// The load of assessments.csv or surveys.csv stores the definitions of the program's own instruments its settings
/// declare (<c>program_instrument</c>, docs/instruments.md), in the file's transaction: a new or changed definition with
/// the batch that declared it, an unchanged one left as it was. The analysis reads them from there.
/// </summary>
public sealed class ProgramInstrumentDeclarationTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static Instrument Check(string code, int? cutOff, double? reliability) => Instrument.ProgramDefined(
        code, "Weekly recovery check", InstrumentPurpose.Progress, 0, 40, ScoreDirection.HigherIsBetter, cutOff,
        reliability is { } r ? new Reliability(r, ReliabilityKind.InternalConsistency, "Program study 2025") : null, "Program study 2025");

    private static Instrument ExitSurvey(string code) => Instrument.ProgramDefined(code, "Exit survey", InstrumentPurpose.Satisfaction, 1, 5, ScoreDirection.HigherIsBetter, source: "local");

    [Fact]
    public async Task A_new_definition_is_stored_with_its_batch_an_unchanged_one_is_kept_and_a_changed_one_replaces_it()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("assessments.csv", """
            facility_id,assessment_id,patient_id,episode_id,instrument,administered_date,total_score
            F1,A1,P1,E2,check_a,2026-02-01,31

            """);

        var first = await IngestHarness.IngestAsync(database, drop, Options(Check("check_a", 20, 0.9)));
        var same = await IngestHarness.IngestAsync(database, drop, Options(Check("check_a", 20, 0.9)) with { Force = true });
        var sameStored = await StoredAsync("check_a");
        var changed = await IngestHarness.IngestAsync(database, drop, Options(Check("check_a", 18, null)) with { Force = true });

        Assert.Equal(("higher_is_better", (short?)20, (double?)0.9, "internal_consistency", first.File("assessments.csv").BatchId!.Value), sameStored);
        Assert.NotEqual(first.File("assessments.csv").BatchId, same.File("assessments.csv").BatchId);
        Assert.Equal(("higher_is_better", (short?)18, (double?)null, (string?)null, changed.File("assessments.csv").BatchId!.Value), await StoredAsync("check_a"));
    }

    [Fact]
    public async Task Each_file_stores_the_instruments_of_its_own_purpose_and_a_drop_without_them_stores_none()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("surveys.csv", """
            facility_id,survey_id,episode_id,instrument,survey_date,score,net_promoter
            F1,S1,E2,exit_b,2026-03-20,4,

            """);

        var result = await IngestHarness.IngestAsync(database, drop, Options(Check("check_b", null, null), ExitSurvey("exit_b")));

        Assert.Equal(1, result.File("surveys.csv").RowsInserted);
        Assert.Equal("surveys.csv", await database.ScalarAsync<string>(
            "select b.file_name from program_instrument p join ingest_batch b using (batch_id) where p.instrument = 'exit_b'"));
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from program_instrument where instrument = 'check_b'"));
    }

    private static IngestOptions Options(params Instrument[] instruments) => new() { Today = IngestHarness.Today, ProgramInstruments = instruments };

    private async Task<(string Direction, short? Cut, double? Reliability, string? Kind, long Batch)> StoredAsync(string code) =>
        (await database.QueryAsync<(string, short?, double?, string?, long)>(
            "select direction, clinical_cut_off, reliability, reliability_kind, batch_id from program_instrument where instrument = @Code",
            new { Code = code })).Single();
}
