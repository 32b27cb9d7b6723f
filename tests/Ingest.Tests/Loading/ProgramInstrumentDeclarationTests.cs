using Dapper;
using Npgsql;
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

    [Fact]
    public async Task Norms_declared_instead_of_a_cut_off_are_stored_with_the_definition_and_read_back()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("assessments.csv", """
            facility_id,assessment_id,patient_id,episode_id,instrument,administered_date,total_score
            F1,A1,P1,E2,check_n,2026-02-01,31

            """);
        // Higher is better: the clinical sample's mean lies below the functional sample's.
        var norms = new PopulationNorms(ClinicalMean: 12.5, ClinicalStandardDeviation: 6.25, FunctionalMean: 30, FunctionalStandardDeviation: 7);
        var normed = Instrument.ProgramDefined("check_n", "Weekly recovery check", InstrumentPurpose.Progress, 0, 40, ScoreDirection.HigherIsBetter,
            reliability: new Reliability(0.9, ReliabilityKind.TestRetest, "Local norms 2026"), source: "Local norms 2026", norms: norms);

        await IngestHarness.IngestAsync(database, drop, Options(Check("check_n", 20, 0.9)));
        var switched = await IngestHarness.IngestAsync(database, drop, Options(normed) with { Force = true });
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var read = (await ProgramInstrumentStore.ReadAsync(connection)).Single(i => i.Code == "check_n");

        Assert.Equal(normed, read);
        Assert.Equal((norms, (int?)null), (read.Norms, read.ClinicalCutOff));
        Assert.Equal(switched.File("assessments.csv").BatchId, await database.ScalarAsync<long>("select batch_id from program_instrument where instrument = 'check_n'"));
        Assert.Equal((12.5, 6.25, 30.0, 7.0), (await database.QueryAsync<(double, double, double, double)>(
            "select clinical_mean, clinical_sd, functional_mean, functional_sd from program_instrument where instrument = 'check_n'")).Single());
    }

    [Theory]
    [InlineData("clinical_mean = 12.5, clinical_sd = 6")]
    [InlineData("clinical_cut_off = 20, clinical_mean = 12.5, clinical_sd = 6, functional_mean = 30, functional_sd = 7")]
    [InlineData("clinical_mean = 12.5, clinical_sd = 0, functional_mean = 30, functional_sd = 7")]
    [InlineData("clinical_mean = 12.5, clinical_sd = 6, functional_mean = 41, functional_sd = 7")]
    [InlineData("clinical_mean = 30, clinical_sd = 6, functional_mean = 12.5, functional_sd = 7")]
    public async Task The_table_refuses_norms_that_are_partial_beside_a_cut_off_without_spread_outside_the_range_or_pointing_the_wrong_way(string set)
    {
        using var drop = DropFolder.WithBase();
        drop.Write("assessments.csv", """
            facility_id,assessment_id,patient_id,episode_id,instrument,administered_date,total_score
            F1,A1,P1,E2,check_t,2026-02-01,31

            """);
        await IngestHarness.IngestAsync(database, drop, Options(Check("check_t", null, 0.9)));
        await using var connection = await database.DataSource.OpenConnectionAsync();

        // The test's owner login writes as a later load would; the columns' checks (migration 0041) refuse it all the same.
        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            connection.ExecuteAsync($"update program_instrument set {set} where instrument = 'check_t'"));

        Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
    }

    private static IngestOptions Options(params Instrument[] instruments) => new() { Today = IngestHarness.Today, ProgramInstruments = instruments };

    private async Task<(string Direction, short? Cut, double? Reliability, string? Kind, long Batch)> StoredAsync(string code) =>
        (await database.QueryAsync<(string, short?, double?, string?, long)>(
            "select direction, clinical_cut_off, reliability, reliability_kind, batch_id from program_instrument where instrument = @Code",
            new { Code = code })).Single();
}
