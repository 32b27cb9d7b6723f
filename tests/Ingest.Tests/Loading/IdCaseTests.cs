using System.Globalization;
using Dapper;
using Npgsql;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Contract.Files;
using Outcomes.Ingest.Loading;
using Outcomes.Ingest.Validation;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Ingest.Tests.Loading;

/// <summary>
/// Ids are compared without regard to case (red-team finding 10): a second spelling of an id is the same patient,
/// program, episode or session, and the id keeps the spelling it was first stored with.
/// </summary>
public sealed class IdCaseTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_patient_sent_again_in_another_case_is_the_same_patient_and_keeps_its_first_spelling()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("patients.csv", DropFolder.PatientsCsv.Replace("F1,P1,", "F1,MRN-1,", StringComparison.Ordinal));
        await IngestHarness.IngestAsync(database, drop);

        drop.Delete("programs.csv");
        drop.Delete("episodes.csv");
        drop.Write("patients.csv", """
            facility_id,patient_id,birth_year,sex,race,ethnicity,primary_substance,co_occurring_disorder,referral_source,payer
            F1,mrn-1,1981,female,white,not_hispanic,alcohol,yes,individual,medicaid

            """);
        var patients = (await IngestHarness.IngestAsync(database, drop)).File("patients.csv");

        Assert.Equal((0, 1), (patients.RowsInserted, patients.RowsUpdated));
        Assert.Equal(["MRN-1", "P2", "P3"], await SourceIdsAsync("patient_identity", "source_patient_id", drop));
        Assert.Equal(1981, await database.ScalarAsync<int>(
            "select p.birth_year from patient p join patient_identity i using (patient_key) where i.facility_id = @Facility and i.source_patient_id = 'MRN-1'",
            new { drop.Facility }));
    }

    [Fact]
    public async Task References_in_another_case_resolve_to_the_stored_patient_program_episode_and_facility()
    {
        using var drop = DropFolder.WithBase();
        await IngestHarness.IngestAsync(database, drop);

        // The facility, the patient, the program and the episodes, each written in the other case.
        var facility = drop.Facility.ToUpperInvariant() == drop.Facility ? drop.Facility.ToLowerInvariant() : drop.Facility.ToUpperInvariant();
        drop.Delete("programs.csv");
        drop.Delete("patients.csv");
        drop.WriteBytes("episodes.csv", System.Text.Encoding.UTF8.GetBytes($"""
            facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment
            {facility},e4,p3,iop,2026-03-02,,,,no

            """));
        drop.WriteBytes("sessions.csv", System.Text.Encoding.UTF8.GetBytes($"""
            {DropFolder.SessionsHeader}
            {facility},S1,e1,2026-01-05,group,180,attended,180
            {facility},S2,E4,2026-03-02,group,180,attended,180

            """));
        var result = await IngestHarness.IngestAsync(database, drop);

        Assert.Equal((1, 0), (result.File("episodes.csv").RowsInserted, result.File("episodes.csv").RowsQuarantined));
        Assert.Equal((2, 0), (result.File("sessions.csv").RowsInserted, result.File("sessions.csv").RowsQuarantined));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from facility where facility_id = @Facility", new { Facility = facility }));
        Assert.Equal(["E1", "E2", "E3", "e4"], await SourceIdsAsync("episode", "source_episode_id", drop));
        Assert.Equal(2L, await database.ScalarAsync<long>(
            """
            select count(*) from attendance_session s join episode e using (episode_key)
            where s.facility_id = @Facility and e.source_episode_id in ('E1', 'e4')
            """,
            new { drop.Facility }));
    }

    [Fact]
    public async Task The_same_id_twice_in_one_file_in_two_cases_keeps_the_first_and_quarantines_the_repeat()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("sessions.csv", DropFolder.SessionsHeader + """

            F1,Ab-1,E1,2026-01-05,group,180,attended,180
            F1,aB-1,E1,2026-01-06,group,60,attended,60
            F1,S3,E1,2026-01-07,group,60,attended,60

            """);

        var sessions = (await IngestHarness.IngestAsync(database, drop)).File("sessions.csv");

        Assert.Equal((3, 2, 1), (sessions.RowsRead, sessions.RowsInserted, sessions.RowsQuarantined));
        var repeat = Assert.Single(await database.QueryAsync<(int LineNumber, string Field)>(
            "select line_number, field from ingest_quarantine where batch_id = @Batch", new { Batch = sessions.BatchId }));
        Assert.Equal((3, "session_id"), (repeat.LineNumber, repeat.Field));
        Assert.Equal(["Ab-1", "S3"], await SourceIdsAsync("attendance_session", "source_session_id", drop));
    }

    [Fact]
    public async Task An_episode_transferred_to_itself_in_another_case_is_quarantined()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("episodes.csv", """
            facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment
            F1,E1,P1,PHP,2026-01-05,2026-01-23,transferred,e1,yes

            """);

        var episodes = (await IngestHarness.IngestAsync(database, drop)).File("episodes.csv");

        Assert.Equal((0, 1), (episodes.RowsInserted, episodes.RowsQuarantined));
    }

    [Fact]
    public async Task The_database_refuses_a_second_spelling_of_a_stored_session_id_whatever_writes_it()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("sessions.csv", DropFolder.SessionsHeader + """

            F1,Ab-1,E1,2026-01-05,group,180,attended,180

            """);
        await IngestHarness.IngestAsync(database, drop);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => database.ScalarAsync<int>(
            """
            insert into attendance_session (facility_id, source_session_id, episode_key, session_date, kind, scheduled_minutes, status, attended_minutes, batch_id)
            select facility_id, 'AB-1', episode_key, session_date, kind, scheduled_minutes, status, attended_minutes, batch_id
            from attendance_session where facility_id = @Facility
            returning 1
            """,
            new { drop.Facility }));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, refused.SqlState);
        Assert.Equal("attendance_session_key", refused.ConstraintName);
    }

    [Fact]
    public async Task A_sessions_file_looks_for_other_spellings_of_its_ids_by_the_folded_key_not_by_reading_every_stored_session()
    {
        // A stored history far larger than the file, as a month's file meets it.
        using var drop = DropFolder.WithBase();
        var history = new System.Text.StringBuilder(DropFolder.SessionsHeader).Append('\n');
        for (var day = 0; day < 48; day++)
        {
            for (var n = 0; n < 100; n++)
            {
                history.Append(CultureInfo.InvariantCulture, $"F1,H{day}-{n},E2,{new DateOnly(2026, 1, 26).AddDays(day):yyyy-MM-dd},group,60,attended,60\n");
            }
        }

        drop.Write("sessions.csv", history.ToString());
        Assert.Equal(4_800, (await IngestHarness.IngestAsync(database, drop)).File("sessions.csv").RowsInserted);

        var probe = IdSpelling.FoldSql(SessionsFile.Definition).Single(step => step.Probe.Contains("attendance_session", StringComparison.Ordinal));
        Assert.True(probe.ByIndex);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("analyze attendance_session", transaction: transaction);
        await connection.ExecuteAsync(
            """
            create temp table stage (line int, facility_id text, session_id text, q_reason text) on commit drop;
            insert into stage select n, @Facility, 'N' || n, null from generate_series(1, 20) n;
            analyze stage;
            """,
            new { drop.Facility }, transaction);

        var plan = string.Join("\n", await connection.QueryAsync<string>("explain " + probe.Probe, transaction: transaction));
        Assert.Contains("attendance_session_key", plan, StringComparison.Ordinal);
        // (The probe first asks whether the table holds any row at all, reading one: a first load skips the join.)
        Assert.DoesNotContain("Seq Scan on attendance_session t", plan, StringComparison.Ordinal);
        Assert.False(await connection.ExecuteScalarAsync<bool>(probe.Probe, transaction: transaction));

        // A stored id in another spelling is still found.
        await connection.ExecuteAsync("update stage set session_id = 'h3-7' where line = 1", transaction: transaction);
        Assert.True(await connection.ExecuteScalarAsync<bool>(probe.Probe, transaction: transaction));
    }

    [Fact]
    public void The_fold_is_needed_within_a_file_only_when_one_kind_of_id_comes_in_both_cases()
    {
        var entity = EpisodesFile.Definition;
        var fields = entity.Fields.Select(f => f.Name).ToList();
        var cases = new IdSpelling.Cases(entity);
        void Row(string facility, string episode, string? transferredTo)
        {
            var values = new RowValues(fields.Count);
            values.SetText(fields.IndexOf("facility_id"), facility);
            values.SetText(fields.IndexOf("episode_id"), episode);
            if (transferredTo is not null)
            {
                values.SetText(fields.IndexOf("transferred_to_episode_id"), transferredTo);
            }

            cases.Observe(values);
        }

        // Upper case and digits only: no two ids can fold together.
        Row("F1", "E-1", null);
        Row("F1", "E-2", "E-3");
        Assert.False(cases.MayFoldTogether(["facility_id"]));
        Assert.False(cases.MayFoldTogether(["episode_id", "transferred_to_episode_id"]));

        // A lower-case transfer target beside upper-case episode ids: one kind of id in both cases, across its two fields.
        Row("F1", "E-4", "e-5");
        Assert.False(cases.MayFoldTogether(["facility_id"]));
        Assert.True(cases.MayFoldTogether(["episode_id", "transferred_to_episode_id"]));

        // Digits alone are both their lower and upper case form.
        var digits = new IdSpelling.Cases(entity);
        var row = new RowValues(fields.Count);
        row.SetText(fields.IndexOf("facility_id"), "f1");
        row.SetText(fields.IndexOf("episode_id"), "1001");
        digits.Observe(row);
        row.SetText(fields.IndexOf("facility_id"), "F1");
        row.SetText(fields.IndexOf("episode_id"), "1002");
        digits.Observe(row);
        Assert.True(digits.MayFoldTogether(["facility_id"]));
        Assert.False(digits.MayFoldTogether(["episode_id"]));
    }

    private async Task<IReadOnlyList<string>> SourceIdsAsync(string table, string column, DropFolder drop) =>
        [.. (await database.QueryAsync<string>($"select {column} from {table} where facility_id = @Facility", new { drop.Facility }))
            .Order(StringComparer.Ordinal)];
}
