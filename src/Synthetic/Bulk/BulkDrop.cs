using System.Globalization;
using System.Text;

namespace Outcomes.Synthetic.Bulk;

/// <summary>
/// A plain drop folder of any size, for the ingest benchmark and the tests that need many rows rather than a
/// realistic cohort: one facility (<c>BENCH</c>), two programs, one open episode per 40 sessions, and a sessions file
/// of the requested size. Deterministic for a seed; streamed, so any size fits in memory. Unlike
/// the cohort of <c>outcomes generate</c> it plants no truth: statuses are drawn from a fixed mix, nothing else.
/// </summary>
public static class BulkDrop
{
    private const int SessionsPerEpisode = 40;
    private static readonly string[] Kinds = ["group", "group", "group", "individual", "psychoeducation", "family", "medication_management"];

    /// <summary>
    /// Writes <c>programs.csv</c>, <c>patients.csv</c> and <c>episodes.csv</c> into <paramref name="folder"/> (created
    /// when missing): the episodes that <see cref="WriteSessions"/> of the same <paramref name="sessions"/> refers to,
    /// admitted over the year from <paramref name="firstAdmission"/>.
    /// </summary>
    public static void WriteSetup(string folder, long sessions, DateOnly firstAdmission)
    {
        Directory.CreateDirectory(folder);
        var episodes = EpisodeCount(sessions);
        File.WriteAllText(Path.Combine(folder, "programs.csv"),
            "facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week\n" +
            "BENCH,IOP1,Bench intensive outpatient,IOP,2.1,3,8,9\n" +
            "BENCH,PHP1,Bench partial hospitalization,PHP,2.5,3,3,20\n");

        using (var patients = Writer(Path.Combine(folder, "patients.csv")))
        {
            patients.WriteLine("facility_id,patient_id,birth_year,sex,race,ethnicity,primary_substance,co_occurring_disorder,referral_source,payer");
            for (var i = 0; i < episodes; i++)
            {
                patients.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BENCH,P{i},{1960 + i % 45},{(i % 2 == 0 ? "female" : "male")},white,not_hispanic,alcohol,no,individual,medicaid"));
            }
        }

        using var episodeFile = Writer(Path.Combine(folder, "episodes.csv"));
        episodeFile.WriteLine("facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment");
        for (var i = 0; i < episodes; i++)
        {
            episodeFile.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"BENCH,E{i},P{i},{(i % 3 == 0 ? "PHP1" : "IOP1")},{Admission(firstAdmission, i):yyyy-MM-dd},,,,{(i % 4 == 0 ? "yes" : "no")}"));
        }
    }

    /// <summary>
    /// Writes a sessions file of <paramref name="sessions"/> rows to <paramref name="path"/>, one a day per episode from
    /// its admission; the statuses (attended, late, left early, no-show, cancelled) are drawn from <paramref name="seed"/>.
    /// </summary>
    public static void WriteSessions(string path, long sessions, DateOnly firstAdmission, int seed)
    {
        var random = new Random(seed);
        using var writer = Writer(path);
        writer.WriteLine("facility_id,session_id,episode_id,session_date,kind,scheduled_minutes,status,attended_minutes");
        var episodes = EpisodeCount(sessions);
        for (long s = 0; s < sessions; s++)
        {
            var episode = (int)(s % episodes);
            var day = (int)(s / episodes);
            var date = Admission(firstAdmission, episode).AddDays(day);
            var roll = random.Next(100);
            var (status, attended) = roll switch
            {
                < 78 => ("attended", 180),
                < 83 => ("late", 150),
                < 86 => ("left_early", 90),
                < 95 => ("no_show", 0),
                _ => ("cancelled_by_patient", 0),
            };
            writer.Write("BENCH,S");
            writer.Write(s.ToString(CultureInfo.InvariantCulture));
            writer.Write(",E");
            writer.Write(episode.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(Kinds[(int)(s % Kinds.Length)]);
            writer.Write(",180,");
            writer.Write(status);
            writer.Write(',');
            writer.WriteLine(attended.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static int EpisodeCount(long sessions) => (int)Math.Max(1, (sessions + SessionsPerEpisode - 1) / SessionsPerEpisode);

    private static DateOnly Admission(DateOnly first, int episode) => first.AddDays(episode % 365);

    private static StreamWriter Writer(string path) =>
        new(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
}
