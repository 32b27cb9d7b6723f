using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

/// <summary>
/// <c>outcomes ingest --config FILE</c> reads the program's own instruments from the settings the server reads
/// (<c>Jobs:Instruments</c>): a declared instrument's scores load and its definition is stored; settings it cannot use
/// stop it before anything loads, naming the setting.
/// </summary>
public sealed class IngestInstrumentSettingsTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-instrument-settings-").FullName;

    [Fact]
    public async Task A_declared_instrument_loads_and_its_definition_is_stored_and_unusable_settings_load_nothing()
    {
        var drop = Directory.CreateDirectory(Path.Combine(_folder, "drop")).FullName;
        File.WriteAllText(Path.Combine(drop, "programs.csv"), """
            facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week
            NORTH,IOP,Adult IOP,IOP,2.1,3,8,9

            """);
        File.WriteAllText(Path.Combine(drop, "patients.csv"), """
            facility_id,patient_id,birth_year,sex,race,ethnicity,primary_substance,co_occurring_disorder,referral_source,payer
            NORTH,P1,1980,female,white,not_hispanic,alcohol,yes,individual,medicaid

            """);
        File.WriteAllText(Path.Combine(drop, "episodes.csv"), """
            facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment
            NORTH,E1,P1,IOP,2026-01-05,2026-03-20,completed,,no

            """);
        File.WriteAllText(Path.Combine(drop, "assessments.csv"), """
            facility_id,assessment_id,patient_id,episode_id,instrument,administered_date,total_score
            NORTH,A1,P1,E1,recovery-check,2026-01-06,31

            """);
        var bad = Path.Combine(_folder, "bad.json");
        File.WriteAllText(bad, """
            { "Jobs": { "Instruments": [ { "Code": "recovery-check", "Min": 40, "Max": 0, "BetterIs": "higher", "Source": "Program study 2025" } ] } }
            """);
        var good = Path.Combine(_folder, "good.json");
        File.WriteAllText(good, """
            { "Jobs": { "Instruments": [ { "Code": "recovery-check", "Name": "Weekly recovery check", "Min": 0, "Max": 40, "BetterIs": "higher",
                                           "ClinicalCutOff": 20, "Reliability": 0.88, "Source": "Program study 2025" } ] } }
            """);

        var refused = await CliProcess.RunAsync(database.ConnectionString, "ingest", drop, "--config", bad);
        var batchesAfterRefusal = await database.ScalarAsync<long>("select count(*) from ingest_batch");
        var loaded = await CliProcess.RunAsync(database.ConnectionString, "ingest", drop, "--config", good);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Jobs:Instruments:0:Min and Max: the range 40 to 0 is inverted or empty", refused.Errors, StringComparison.Ordinal);
        Assert.Equal(0, batchesAfterRefusal);
        Assert.True(loaded.ExitCode == 0, loaded.Errors);
        Assert.Equal(1, await database.ScalarAsync<long>("select count(*) from assessment where instrument = 'recovery_check'"));
        Assert.Equal(("Weekly recovery check", "higher_is_better", (short)20, 0.88, "Program study 2025"),
            (await database.QueryAsync<(string, string, short, double, string)>(
                "select name, direction, clinical_cut_off, reliability, source from program_instrument")).Single());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
