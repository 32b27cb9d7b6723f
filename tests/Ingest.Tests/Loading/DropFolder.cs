using System.Text;

namespace Outcomes.Ingest.Tests.Loading;

/// <summary>
/// A temporary drop folder for one test, with a small valid base (two programs, three patients, three episodes).
/// Rows written as facility "F1" get this folder's own facility id, so tests sharing a database never collide.
/// </summary>
internal sealed class DropFolder : IDisposable
{
    public const string ProgramsCsv = """
        facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week
        F1,IOP,Adult IOP,IOP,2.1,3,8,9
        F1,PHP,Adult PHP,PHP,2.5,3,3,20

        """;

    public const string PatientsCsv = """
        facility_id,patient_id,birth_year,sex,race,ethnicity,primary_substance,co_occurring_disorder,referral_source,payer
        F1,P1,1980,female,white,not_hispanic,alcohol,yes,individual,medicaid
        F1,P2,1992,male,black,hispanic,fentanyl,no,criminal_justice,private_insurance
        F1,P3,2001,female,asian,not_hispanic,cannabis,unknown,school,self_pay

        """;

    public const string EpisodesCsv = """
        facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment
        F1,E1,P1,PHP,2026-01-05,2026-01-23,transferred,E2,yes
        F1,E2,P1,IOP,2026-01-26,2026-03-20,completed,,yes
        F1,E3,P2,IOP,2026-02-02,,,,no

        """;

    public const string SessionsHeader = "facility_id,session_id,episode_id,session_date,kind,scheduled_minutes,status,attended_minutes";

    public DropFolder()
    {
        Facility = "F" + Guid.NewGuid().ToString("N")[..10];
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "outcomes-drop-" + Facility);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Facility { get; }

    public static DropFolder WithBase()
    {
        var drop = new DropFolder();
        drop.Write("programs.csv", ProgramsCsv);
        drop.Write("patients.csv", PatientsCsv);
        drop.Write("episodes.csv", EpisodesCsv);
        return drop;
    }

    public string Write(string name, string text) => WriteBytes(name, new UTF8Encoding(false).GetBytes(OwnFacility(text)));

    /// <summary>Replaces the placeholder facility F1 at the start of each row with this folder's facility.</summary>
    public string OwnFacility(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, "(^|\n)F1,", "$1" + Facility + ",");

    public string WriteBytes(string name, byte[] bytes)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(file, bytes);
        return file;
    }

    public void Delete(string name) => File.Delete(System.IO.Path.Combine(Path, name));

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
