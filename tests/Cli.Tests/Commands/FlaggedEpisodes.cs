using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

/// <summary>
/// A database of its own holding three episodes of NORTH loaded from files, E1 and E2 with a counsellor (C-014, C-022)
/// and E3 without, each with an open flag (risks 60%, 40%, 30%). Logins made by a test are removed when the class is
/// done (logins belong to the whole cluster).
/// </summary>
public sealed class FlaggedEpisodes : IAsyncLifetime
{
    private readonly string _drop = Directory.CreateTempSubdirectory("outcomes-flags-list-").FullName;
    private readonly Dictionary<string, long> _flags = [];
    private readonly List<string> _logins = [];

    public TestDatabase Database { get; } = new();

    /// <summary>The flag of each episode, by the episode's source id.</summary>
    public IReadOnlyDictionary<string, long> Flags => _flags;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        File.WriteAllText(Path.Combine(_drop, "programs.csv"), """
            facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week
            NORTH,IOP,Adult IOP,IOP,2.1,3,8,9

            """);
        File.WriteAllText(Path.Combine(_drop, "patients.csv"), """
            facility_id,patient_id,birth_year,sex,race,ethnicity,primary_substance,co_occurring_disorder,referral_source,payer
            NORTH,P1,1980,female,white,not_hispanic,alcohol,no,individual,medicaid
            NORTH,P2,1985,male,white,not_hispanic,heroin,no,individual,medicaid
            NORTH,P3,1990,female,white,not_hispanic,alcohol,no,individual,medicaid

            """);
        File.WriteAllText(Path.Combine(_drop, "episodes.csv"), """
            facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment,counsellor
            NORTH,E1,P1,IOP,2026-10-01,,,,no,C-014
            NORTH,E2,P2,IOP,2026-10-02,,,,no,C-022
            NORTH,E3,P3,IOP,2026-10-03,,,,no,

            """);
        var run = await new FolderIngestor(Database.DataSource, NullLogger.Instance).IngestAsync(_drop, new IngestOptions { Today = new DateOnly(2026, 10, 20) });
        Assert.All(run.Files, f => Assert.Equal((FileStatus.Committed, 0), (f.Status, f.RowsQuarantined)));

        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await using (var model = new NpgsqlCommand("""
            insert into dropout_model (status, algorithm, feature_schema, horizon_days, trained_through_admission, data_through,
                                       training_rows, test_rows, metrics, model_bytes, software_version)
            values ('promoted', 'test', '{}', 30, '2026-09-30', '2026-10-15', 1, 1, '{}', '\x00', 'test')
            """, connection))
        {
            await model.ExecuteNonQueryAsync();
        }

        foreach (var (episode, risk) in new[] { ("E1", 0.6), ("E2", 0.4), ("E3", 0.3) })
        {
            await using var flag = new NpgsqlCommand("""
                insert into risk_flag (episode_key, facility_id, model_id, raised_on, horizon_days, probability, rank_in_facility, reasons, threshold_rule)
                select e.episode_key, e.facility_id, (select model_id from dropout_model), date '2026-10-16', 30, @Risk, 1, array['missed two sessions'], 'test'
                from episode e where e.source_episode_id = @Episode
                returning flag_id
                """, connection);
            flag.Parameters.AddWithValue("Episode", episode);
            flag.Parameters.AddWithValue("Risk", risk);
            _flags[episode] = (long)(await flag.ExecuteScalarAsync())!;
        }
    }

    public async Task DisposeAsync()
    {
        Directory.Delete(_drop, recursive: true);
        await Database.DisposeAsync();
        await using var admin = new NpgsqlConnection(await TestDatabase.AdminConnectionStringAsync());
        await admin.OpenAsync();
        foreach (var login in _logins)
        {
            await using var format = new NpgsqlCommand("select format('drop role if exists %I', @Login::text)", admin);
            format.Parameters.AddWithValue("Login", login);
            await using var drop = new NpgsqlCommand((string)(await format.ExecuteScalarAsync())!, admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Creates a login with a password through <see cref="AccessControl"/>, limited to <paramref name="facilities"/> (none: every one), and returns its connection string.</summary>
    public async Task<string> LoginAsync(DatabaseRole role, params string[] facilities)
    {
        var login = "t_" + Guid.NewGuid().ToString("N")[..20];
        _logins.Add(login);
        var password = Guid.NewGuid().ToString("N");
        await AccessControl.GrantAsync(Database.DataSource, login, role, facilities, password);
        return new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Username = login, Password = password, Pooling = false }.ConnectionString;
    }
}
