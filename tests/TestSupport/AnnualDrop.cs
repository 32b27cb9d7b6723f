using System.Globalization;
using System.Text;

namespace Outcomes.TestSupport;

/// <summary>
/// A hand-made drop folder whose 2026 figures are known by counting, for the annual review and target tests.
/// Facility F1; every episode's patient is its own, ids PTX0001... and episodes EPX0001... (so a test can scan any
/// output for them). Discharges fall in February (Q1), May (Q2) and August (Q3); nothing after September:
///   IOP, 30 a quarter, admitted 42 days before: Q1 12 completed and 18 dropped out (40%), Q2 15 and 15 (50%),
///   Q3 18 and 12 (60%); the year 45 of 90 completed (50%) and 45 of 90 dropped out (50%).
///   PHP and OP, 2 a quarter each (one completed, one dropped out): far too few to publish.
/// One sessions row has a status no contract knows, so the load quarantines exactly one row.
/// </summary>
public static class AnnualDrop
{
    public static readonly DateOnly DataThrough = new(2026, 9, 30);

    public const string PatientPrefix = "PTX";
    public const string EpisodePrefix = "EPX";

    /// <summary>Writes the drop; <paramref name="facility"/> replaces F1 (a hostile id, for the tests of output paths).</summary>
    public static string Write(string folder, string facility = "F1")
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "programs.csv"), $"""
            facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week
            {facility},IOP,Adult IOP,IOP,2.1,3,8,9
            {facility},PHP,Adult PHP,PHP,2.5,3,3,20
            {facility},OP,Adult OP,OP,1,3,12,2

            """);
        var patients = new StringBuilder("facility_id,patient_id,birth_year,sex,race,ethnicity,primary_substance,co_occurring_disorder,referral_source,payer\n");
        var episodes = new StringBuilder("facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment\n");
        var id = 0;
        void Add(string program, DateOnly discharged, int stay, string reason)
        {
            id++;
            patients.Append(CultureInfo.InvariantCulture, $"{facility},{PatientPrefix}{id:0000},1985,female,white,not_hispanic,alcohol,no,individual,medicaid\n");
            episodes.Append(CultureInfo.InvariantCulture, $"{facility},{EpisodePrefix}{id:0000},{PatientPrefix}{id:0000},{program},{discharged.AddDays(-stay):yyyy-MM-dd},{discharged:yyyy-MM-dd},{reason},,no\n");
        }

        foreach (var (month, completed) in new[] { (2, 12), (5, 15), (8, 18) })
        {
            for (var i = 0; i < 30; i++)
            {
                Add("IOP", new DateOnly(2026, month, 1 + (i % 28)), 42, i < completed ? "completed" : "dropped_out");
            }

            foreach (var program in new[] { "PHP", "OP" })
            {
                Add(program, new DateOnly(2026, month, 10), 14, "completed");
                Add(program, new DateOnly(2026, month, 12), 14, "dropped_out");
            }
        }

        File.WriteAllText(Path.Combine(folder, "patients.csv"), patients.ToString());
        File.WriteAllText(Path.Combine(folder, "episodes.csv"), episodes.ToString());
        File.WriteAllText(Path.Combine(folder, "sessions.csv"), $"""
            facility_id,session_id,episode_id,session_date,kind,scheduled_minutes,status,attended_minutes
            {facility},S1,{EpisodePrefix}0001,2026-01-20,group,180,perhaps,

            """);
        return folder;
    }
}
