using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Outcomes.Analytics.Targets;
using Outcomes.Database.Audit;
using Outcomes.Database.Connection;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

/// <summary>
/// Reports from a hot standby (<c>OUTCOMES_READ_CONNECTION</c>), against a real primary and a real streaming standby
/// made by <c>pg_basebackup -R</c>: a report reads the standby and says the data-through date the standby holds, while
/// ingest, the runs it stores and its audit lines go to the primary; <c>outcomes status</c> shows the replay lag; a
/// write through the read connection is refused by the standby; a primary named as the standby is refused by Outcomes;
/// logins, roles and row-level security hold on the standby as on the primary.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class StandbyReadTests(StandbyPair pair) : IClassFixture<StandbyPair>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-standby-reports-").FullName;

    private Dictionary<string, string> ReadFromStandby => new() { [DatabaseSettings.ReadConnectionVariable] = pair.StandbyConnectionString };

    [LocalPostgresFact]
    [Trait(TestCategory.Name, TestCategory.Slow)]
    public async Task A_report_reads_the_standby_and_says_the_data_through_date_it_holds_while_runs_and_audit_lines_go_to_the_primary()
    {
        var ingest = await CliProcess.RunAsync(pair.PrimaryConnectionString, "ingest", AnnualDrop.Write(Path.Combine(_folder, "drop")));
        Assert.True(ingest.ExitCode == 0, ingest.Errors);
        await pair.CatchUpAsync();

        var first = await CliProcess.RunWithEnvironmentAsync(pair.PrimaryConnectionString, ReadFromStandby,
            "report", "--month", "2026-08", "--out", Path.Combine(_folder, "first"));
        Assert.True(first.ExitCode == 0, first.Errors);
        Assert.True(first.Output.Contains("data through 2026-08-28.", StringComparison.Ordinal), first.Output + first.Errors);
        Assert.NotEqual("0", await PrimaryScalarAsync("select count(*) from analysis_run"));

        // Replay paused: a later admission reaches the primary and not the standby.
        await pair.PauseReplayAsync(true);
        try
        {
            File.WriteAllText(Path.Combine(_folder, "later", "patients.csv").WithFolder(), """
                facility_id,patient_id,birth_year,sex,race,ethnicity,primary_substance,co_occurring_disorder,referral_source,payer
                F1,PTL0001,1990,male,white,not_hispanic,heroin,no,individual,medicaid

                """);
            File.WriteAllText(Path.Combine(_folder, "later", "episodes.csv"), """
                facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment
                F1,EPL0001,PTL0001,IOP,2026-10-20,,,,no

                """);
            var later = await CliProcess.RunAsync(pair.PrimaryConnectionString, "ingest", Path.Combine(_folder, "later"));
            Assert.True(later.ExitCode == 0, later.Errors);
            Assert.DoesNotContain("quarantined. See why", later.Output, StringComparison.Ordinal);
            var latest = await PrimaryScalarAsync("select max(admitted_on) from episode");
            Assert.True(latest == "2026-10-20", $"latest admission {latest} after the later drop:\n{later.Output}{later.Errors}");

            var second = await CliProcess.RunWithEnvironmentAsync(pair.PrimaryConnectionString, ReadFromStandby,
                "report", "--month", "2026-08", "--out", Path.Combine(_folder, "second"));
            Assert.True(second.ExitCode == 0, second.Errors);
            Assert.True(second.Output.Contains("data through 2026-08-28.", StringComparison.Ordinal), second.Output + second.Errors);
            // Both workbooks' audit lines are on the primary, though the standby replays nothing.
            Assert.Equal("2", await PrimaryScalarAsync("select count(*) from audit_event where action = 'export.workbook'"));

            var paused = await CliProcess.RunWithEnvironmentAsync(pair.PrimaryConnectionString, ReadFromStandby, "status");
            Assert.True(paused.ExitCode == 0, paused.Errors);
            Assert.True(paused.Output.Contains($"standby {DatabaseSettings.Describe(pair.StandbyConnectionString)}: replay paused, ", StringComparison.Ordinal), paused.Output);
            Assert.Contains(" bytes of WAL)", paused.Output, StringComparison.Ordinal);
            var check = await CliProcess.RunWithEnvironmentAsync(pair.PrimaryConnectionString, ReadFromStandby, "status", "--check");
            Assert.Contains(check.Output.Split('\n'), line => (line.StartsWith("OK standby: ", StringComparison.Ordinal) || line.StartsWith("WARNING standby: ", StringComparison.Ordinal))
                && line.Contains("replay paused", StringComparison.Ordinal));
        }
        finally
        {
            await pair.PauseReplayAsync(false);
        }

        await pair.CatchUpAsync();
        var caughtUp = await CliProcess.RunWithEnvironmentAsync(pair.PrimaryConnectionString, ReadFromStandby, "status");
        Assert.Contains($"standby {DatabaseSettings.Describe(pair.StandbyConnectionString)}: caught up", caughtUp.Output, StringComparison.Ordinal);
    }

    [LocalPostgresFact]
    public async Task A_write_through_the_read_connection_is_refused_by_the_standby_and_a_primary_named_as_the_standby_is_refused()
    {
        var settings = DatabaseSettings.Validate(pair.PrimaryConnectionString) with { ReadConnection = pair.StandbyConnectionString };
        await (await OutcomesDatabase.OpenManagementAsync(settings, NullLogger.Instance, CancellationToken.None)).DisposeAsync();
        await pair.CatchUpAsync();

        await using (var reads = await OutcomesDatabase.OpenAsync(settings, DatabaseRole.Analyst, Workload.Reports, NullLogger.Instance, CancellationToken.None))
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => new TargetStore(reads).AddAsync(new OutcomeTarget
            {
                Metric = "completion", LevelOfCare = "iop", AtLeast = true, Target = 0.6, EffectiveFrom = new DateOnly(2026, 1, 1), SetBy = "director",
            }));
            // The store checks for overlapping targets in a serializable transaction, which a hot standby refuses first
            // (0A000); a plain write is refused as read-only (25006).
            Assert.True(refused.SqlState is PostgresErrorCodes.FeatureNotSupported or PostgresErrorCodes.ReadOnlySqlTransaction, refused.SqlState + " " + refused.MessageText);
            Assert.Contains("hot standby", refused.MessageText, StringComparison.Ordinal);
            await using (var connection = await reads.OpenConnectionAsync())
            {
                var plain = await Assert.ThrowsAsync<PostgresException>(() => AuditLog.RecordAsync(connection, new AuditEntry("test.standby_write", "a write on the standby's own connection"), null));
                Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, plain.SqlState);
            }


            // An audit line of read-only work (a page viewed, a workbook written) goes to the primary.
            await AuditLog.RecordAsync(reads, new AuditEntry("test.standby_read", "an audit line of read-only work"));
            Assert.Equal("1", await PrimaryScalarAsync("select count(*) from audit_event where action = 'test.standby_read'"));
        }

        var wrong = await CliProcess.RunWithEnvironmentAsync(pair.PrimaryConnectionString,
            new Dictionary<string, string> { [DatabaseSettings.ReadConnectionVariable] = pair.PrimaryConnectionString },
            "report", "--month", "2026-08", "--out", Path.Combine(_folder, "wrong"));
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("which is not a standby: it accepts writes", wrong.Errors, StringComparison.Ordinal);
    }

    [LocalPostgresFact]
    public async Task Logins_roles_and_row_level_security_replicate_to_the_standby()
    {
        var drop = Path.Combine(_folder, "two-facilities");
        Directory.CreateDirectory(drop);
        File.WriteAllText(Path.Combine(drop, "programs.csv"), """
            facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week
            NORTH,IOP,Adult IOP,IOP,2.1,3,8,9
            SOUTH,IOP,Adult IOP,IOP,2.1,3,8,9

            """);
        File.WriteAllText(Path.Combine(drop, "patients.csv"), """
            facility_id,patient_id,birth_year,sex,race,ethnicity,primary_substance,co_occurring_disorder,referral_source,payer
            NORTH,P1,1980,female,white,not_hispanic,alcohol,no,individual,medicaid
            SOUTH,P2,1985,male,black,not_hispanic,cocaine,yes,community,self_pay

            """);
        File.WriteAllText(Path.Combine(drop, "episodes.csv"), """
            facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment
            NORTH,E1,P1,IOP,2026-03-02,2026-03-20,completed,,no
            SOUTH,E2,P2,IOP,2026-03-05,2026-03-25,completed,,no

            """);
        var ingest = await CliProcess.RunAsync(pair.PrimaryConnectionString, "ingest", drop);
        Assert.True(ingest.ExitCode == 0, ingest.Errors);
        var settings = DatabaseSettings.Validate(pair.PrimaryConnectionString);
        await using (var management = await OutcomesDatabase.OpenManagementAsync(settings, NullLogger.Instance, CancellationToken.None))
        {
            await Database.Access.AccessControl.GrantAsync(management, "standby_director", DatabaseRole.Reporter, ["NORTH"], "director-password-1");
        }

        await pair.CatchUpAsync();
        await using (var superuser = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(pair.StandbyConnectionString) { Pooling = false }.ConnectionString))
        {
            await superuser.OpenAsync();
            Assert.Equal("2", await TextAsync(superuser, "select count(*) from facility where facility_id in ('NORTH', 'SOUTH')"));
        }

        var director = new NpgsqlConnectionStringBuilder(pair.StandbyConnectionString) { Username = "standby_director", Password = "director-password-1", Pooling = false };
        await using var standby = new NpgsqlConnection(OutcomesDatabase.ForRole(director.ConnectionString, DatabaseRole.Reporter));
        await standby.OpenAsync();

        Assert.Equal("true", await TextAsync(standby, "select pg_is_in_recovery()"));
        Assert.Equal("outcomes_reporter", await TextAsync(standby, "select current_user"));
        Assert.Equal("NORTH", await TextAsync(standby, "select string_agg(facility_id, ',' order by facility_id) from facility"));
        Assert.Equal("0", await TextAsync(standby, "select count(*) from pg_class where relowner = 'standby_director'::regrole"));
    }

    private async Task<string> PrimaryScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(pair.PrimaryConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return await TextAsync(connection, sql);
    }

    /// <summary>The one value of <paramref name="sql"/> as PostgreSQL writes it.</summary>
    private static async Task<string> TextAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand($"select ({sql})::text", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

file static class PathFolder
{
    /// <summary>The path, its folder created.</summary>
    public static string WithFolder(this string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
