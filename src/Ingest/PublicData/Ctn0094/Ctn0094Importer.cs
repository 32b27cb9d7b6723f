using System.Globalization;
using System.Text;

namespace Outcomes.Ingest.PublicData.Ctn0094;

/// <summary>
/// <c>outcomes import ctn0094</c>: maps the public CTN-0094 tables of trials CTN-0027 and CTN-0051 onto data contract v1
/// and writes an ordinary drop folder, which then loads through the normal validated ingest (quarantine and lineage
/// included). Every mapping choice is documented in docs/real-data.md; every source row not carried over is reported
/// with its reason. Unknown arms, visit labels and drug classes are reported, and the rest still loads.
/// </summary>
public sealed class Ctn0094Importer
{
    /// <summary>Study day 0 (consent) of CTN-0027 participants: its enrolment began in May 2006.</summary>
    public static readonly DateOnly Trial27Anchor = new(2006, 5, 1);

    /// <summary>Study day 0 of CTN-0051 participants: its enrolment began in January 2014.</summary>
    public static readonly DateOnly Trial51Anchor = new(2014, 1, 27);

    /// <summary>Both trials' treatment phase: 24 weeks from randomization.</summary>
    public const int TreatmentDays = 168;

    /// <summary>Completed: medication recorded on or after this day since randomization (the 24th week).</summary>
    public const int CompletionDay = 161;

    /// <summary>One XR-naltrexone injection covers about four weeks.</summary>
    public const int InjectionCoverDays = 28;

    /// <summary>A weekly study visit, counted as a scheduled medication-management session of this length.</summary>
    public const int VisitMinutes = 60;

    private static readonly IReadOnlyDictionary<string, string> DrugClasses = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Opioid"] = "opiates",
        ["Methadone"] = "methadone",
        ["Buprenorphine"] = "buprenorphine",
        ["Cocaine"] = "cocaine",
        ["Amphetamine"] = "amphetamines",
        ["Benzodiazepine"] = "benzodiazepines",
        ["Thc"] = "cannabis",
        ["Alcohol"] = "alcohol",
        ["Sedatives"] = "barbiturates",
        ["Mdma/Hallucinogen"] = "other",
    };

    private static readonly string[] FollowUpLabels = ["WK28", "WK32", "M1F", "M3F"];

    private readonly List<Ctn0094Issue> _issues = [];

    public Ctn0094ImportResult Import(string sourceFolder, string dropFolder, IReadOnlyCollection<string>? trials = null)
    {
        var wanted = trials is { Count: > 0 } ? trials : ["27", "51"];
        var everybody = Ctn0094Table.Read(sourceFolder, "everybody", "who", "project");
        var randomization = Ctn0094Table.Read(sourceFolder, "randomization", "who", "treatment", "which", "when");
        var sites = Index(Ctn0094Table.Read(sourceFolder, "site_masked", "who", "site_masked"));
        var demographics = Index(Ctn0094Table.Read(sourceFolder, "demographics", "who", "age", "is_male", "race", "is_hispanic"));
        var psychiatric = Index(Ctn0094Table.Read(sourceFolder, "psychiatric", "who", "has_schizophrenia", "has_major_dep", "has_bipolar", "has_anx_pan"));
        var rbs = Group(Ctn0094Table.Read(sourceFolder, "rbs", "who", "what", "did_use"));
        var doses = Group(Ctn0094Table.Read(sourceFolder, "treatment", "who", "amount", "when"));
        var visits = Group(Ctn0094Table.Read(sourceFolder, "visit", "who", "visit", "what", "when"));
        var positives = Group(Ctn0094Table.Read(sourceFolder, "uds", "who", "what", "when"));
        var specimens = Group(Ctn0094Table.Read(sourceFolder, "uds_temp", "who", "was_temp_ok", "when"));

        var project = everybody.Rows.ToDictionary(r => r["who"], r => r["project"], StringComparer.Ordinal);
        var participants = new List<Participant>();
        foreach (var row in randomization.Rows.Where(r => r["which"] == "1"))
        {
            var who = row["who"];
            if (!project.TryGetValue(who, out var trial) || !wanted.Contains(trial))
            {
                continue;
            }

            if (Ctn0094Arm.Find(row["treatment"]) is not { } arm)
            {
                Issue(randomization, row, $"unknown treatment arm '{Shape(row["treatment"])}': the participant is left out (known: {string.Join(", ", Ctn0094Arm.Known.Select(a => a.Treatment))})");
                continue;
            }

            if (row.Int("when") is not { } randomized)
            {
                Issue(randomization, row, "no randomization day: the participant is left out");
                continue;
            }

            if (!sites.TryGetValue(who, out var site) || site["site_masked"].Length == 0)
            {
                Issue(randomization, row, "no masked site: the participant is left out");
                continue;
            }

            participants.Add(new Participant(who, trial, arm, randomized, $"CTN{trial}-S{site["site_masked"]}"));
        }

        var medianAge = participants.GroupBy(p => p.Trial).ToDictionary(g => g.Key, g => Median(g
            .Select(p => demographics.TryGetValue(p.Who, out var d) ? d.Int("age") : null).OfType<int>().ToList()));

        Directory.CreateDirectory(dropFolder);
        var written = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var programs = Writer(dropFolder, "programs", "facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week"))
        using (var patients = Writer(dropFolder, "patients", "facility_id,patient_id,birth_year,sex,race,ethnicity,primary_substance,co_occurring_disorder,referral_source,payer"))
        using (var episodes = Writer(dropFolder, "episodes", "facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment"))
        using (var sessions = Writer(dropFolder, "sessions", "facility_id,session_id,episode_id,session_date,kind,scheduled_minutes,status,attended_minutes"))
        using (var screens = Writer(dropFolder, "drug_screens", "facility_id,screen_id,episode_id,collection_date,result,substances"))
        using (var followUps = Writer(dropFolder, "follow_ups", "facility_id,episode_id,days_after_discharge,reached,abstinent"))
        {
            foreach (var (facility, programId, name) in participants.Select(p => (p.Facility, p.Arm.ProgramId, p.Arm.Name)).Distinct().Order())
            {
                programs.Row(facility, programId, name, "OP", "", "3", "24", "1");
            }

            foreach (var p in participants.OrderBy(p => p.Trial, StringComparer.Ordinal).ThenBy(p => int.Parse(p.Who, CultureInfo.InvariantCulture)))
            {
                var anchor = p.Trial == "27" ? Trial27Anchor : Trial51Anchor;
                var admission = anchor.AddDays(p.Randomized);
                patients.Row(p.Facility, Id(p), BirthYear(p, anchor, demographics, medianAge), Sex(demographics, p), Race(demographics, p), Ethnicity(demographics, p),
                    PrimarySubstance(rbs, p), CoOccurring(psychiatric, p), "unknown", "unknown");

                var episode = Episode(p, doses.GetValueOrDefault(p.Who) ?? [], visits.GetValueOrDefault(p.Who) ?? []);
                var discharge = admission.AddDays(episode.EndDay);
                episodes.Row(p.Facility, Id(p), Id(p), p.Arm.ProgramId, Date(admission), Date(discharge), episode.Reason, "", episode.Medicated ? "yes" : "no");

                var screenDays = ScreenDays(p, specimens.GetValueOrDefault(p.Who) ?? [], positives.GetValueOrDefault(p.Who) ?? []);
                foreach (var (day, result, substances) in screenDays)
                {
                    screens.Row(p.Facility, $"{Id(p)}-D{day}", Id(p), Date(anchor.AddDays(day)), result, substances);
                }

                WriteVisits(p, anchor, admission, episode.EndDay, visits.GetValueOrDefault(p.Who) ?? [], screenDays, sessions, followUps);
            }

            foreach (var writer in new[] { programs, patients, episodes, sessions, screens, followUps })
            {
                written[writer.Name] = writer.Rows;
            }
        }

        return new Ctn0094ImportResult(dropFolder, written, _issues);
    }

    /// <summary>
    /// The episode: admitted on randomization; completed when medication is recorded in the 24th week (an injection
    /// covering four weeks); otherwise it ends on the later of the last covered day and the last attended treatment visit.
    /// </summary>
    private (int EndDay, string Reason, bool Medicated) Episode(Participant p, IReadOnlyList<Ctn0094Row> doses, IReadOnlyList<Ctn0094Row> visits)
    {
        var covered = doses.Select(d => d.Int("when")).OfType<int>().Select(d => d - p.Randomized + (p.Arm.MonthlyInjection ? InjectionCoverDays - 1 : 0))
            .DefaultIfEmpty(int.MinValue).Max();
        var medicated = covered != int.MinValue;
        if (medicated && covered >= CompletionDay)
        {
            return (TreatmentDays - 1, "completed", true);
        }

        var attended = visits.Where(v => v["what"] == "visit" && TreatmentWeek(v["visit"]) is not null)
            .Select(v => v.Int("when")).OfType<int>().Select(d => d - p.Randomized).DefaultIfEmpty(0).Max();
        var end = Math.Clamp(Math.Max(medicated ? covered : 0, attended), 0, TreatmentDays - 1);
        var lastWeek = end / 7;
        var after = visits.Where(v => v["what"] != "visit" && TreatmentWeek(v["visit"]) is { } w && w >= lastWeek).ToList();
        var reason = after.Any(v => v["is_dead"] == "1") ? "died"
            : after.Any(v => v["is_in_jail"] == "1") ? "incarcerated"
            : after.Any(v => v["is_missing_14_consecutive"] == "1") ? "administrative"
            : "dropped_out";
        return (end, reason, medicated);
    }

    private void WriteVisits(Participant p, DateOnly anchor, DateOnly admission, int endDay, IReadOnlyList<Ctn0094Row> visits,
        IReadOnlyList<(int Day, string Result, string Substances)> screenDays, CsvOut sessions, CsvOut followUps)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var followUpDays = new HashSet<int>();
        foreach (var visit in visits)
        {
            var label = visit["visit"];
            if (!seen.Add(label))
            {
                Issue("visit", visit, "a second row for the same participant and visit label: the first is kept");
                continue;
            }

            var attended = visit["what"] == "visit";
            var when = visit.Int("when");
            if (TreatmentWeek(label) is { } week)
            {
                var day = attended && when is { } w ? w - p.Randomized : week * 7;
                if (day < 0 || day > endDay)
                {
                    Issue("visit", visit, attended ? "attended visit dated outside the treatment episode" : "missed visit after the episode ended: not a scheduled session");
                    continue;
                }

                sessions.Row(p.Facility, $"{Id(p)}-{label.ToUpperInvariant()}", Id(p), Date(admission.AddDays(day)), "medication_management",
                    VisitMinutes.ToString(CultureInfo.InvariantCulture), attended ? "attended" : MissedStatus(visit), attended ? VisitMinutes.ToString(CultureInfo.InvariantCulture) : "0");
            }
            else if (FollowUpLabels.Contains(label, StringComparer.OrdinalIgnoreCase))
            {
                var nominal = label.ToUpperInvariant() switch
                {
                    "WK28" => 28 * 7,
                    "WK32" => 32 * 7,
                    "M1F" => TreatmentDays + 30,
                    _ => TreatmentDays + 90,
                };
                var day = attended && when is { } w ? w - p.Randomized : nominal;
                var after = day - endDay;
                if (after < 1 || !followUpDays.Add(after))
                {
                    Issue("visit", visit, after < 1 ? "follow-up visit not after the episode's end" : "a second follow-up on the same day after discharge");
                    continue;
                }

                var abstinent = !attended ? "" : screenDays.Where(s => s.Day == day + p.Randomized).Select(s => s.Substances.Contains("opiates", StringComparison.Ordinal) ? "no" : s.Result == "invalid" ? "unknown" : "yes")
                    .DefaultIfEmpty("unknown").First();
                followUps.Row(p.Facility, Id(p), after.ToString(CultureInfo.InvariantCulture), attended ? "yes" : "no", abstinent);
            }
            else if (label.Equals("BASELINE", StringComparison.OrdinalIgnoreCase))
            {
                Issue("visit", visit, "baseline visit before randomization: not a treatment session");
            }
            else if (label.Equals("EOT", StringComparison.OrdinalIgnoreCase))
            {
                Issue("visit", visit, "end-of-treatment assessment: not a weekly session");
            }
            else
            {
                Issue("visit", visit, $"unknown visit label '{Shape(label)}': not mapped (known: BASELINE, WK0-WK24, WK28, WK32, EOT, M1F, M3F)");
            }
        }
    }

    /// <summary>
    /// Specimen days on or after randomization: positive with the drug classes found, except the participant's own study
    /// medication (expected in treatment); negative otherwise; invalid when the temperature check failed.
    /// </summary>
    private List<(int Day, string Result, string Substances)> ScreenDays(Participant p, IReadOnlyList<Ctn0094Row> specimens, IReadOnlyList<Ctn0094Row> positives)
    {
        var days = new SortedDictionary<int, bool>();
        foreach (var s in specimens)
        {
            if (s.Int("when") is { } d)
            {
                days[d] = !days.TryGetValue(d, out var bad) ? s["was_temp_ok"] == "0" : bad && s["was_temp_ok"] == "0";
            }
        }

        foreach (var d in positives.Select(r => r.Int("when")).OfType<int>())
        {
            days.TryAdd(d, false);
        }

        var result = new List<(int, string, string)>();
        foreach (var (day, invalid) in days)
        {
            if (day < p.Randomized)
            {
                Issue("uds_temp", specimens.FirstOrDefault(s => s.Int("when") == day) ?? positives.First(r => r.Int("when") == day),
                    "specimen before randomization (screening): not a screen during care");
                continue;
            }

            var found = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var row in positives.Where(r => r.Int("when") == day))
            {
                if (string.Equals(row["what"], p.Arm.StudyDrugClass, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (DrugClasses.TryGetValue(row["what"], out var code))
                {
                    found.Add(code);
                }
                else
                {
                    found.Add("other");
                    Issue("uds", row, $"unknown drug class '{Shape(row["what"])}': recorded as other");
                }
            }

            result.Add(invalid ? (day, "invalid", "") : found.Count > 0 ? (day, "positive", string.Join(';', found)) : (day, "negative", ""));
        }

        return result;
    }

    private static string MissedStatus(Ctn0094Row visit) =>
        visit["is_in_hospital"] == "1" || visit["is_illness"] == "1" || visit["is_dead"] == "1" ? "excused"
        : visit["is_no_funding"] == "1" || visit["is_unable"] == "1" || visit["is_on_vacation"] == "1" || visit["is_moved"] == "1"
          || visit["is_left_study"] == "1" || visit["is_in_jail"] == "1" ? "cancelled_by_patient"
        : "no_show";

    private static int? TreatmentWeek(string label) =>
        label.Length > 2 && label.StartsWith("WK", StringComparison.OrdinalIgnoreCase)
        && int.TryParse(label.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var week) && week <= 24 ? week : null;

    private string BirthYear(Participant p, DateOnly anchor, IReadOnlyDictionary<string, Ctn0094Row> demographics, IReadOnlyDictionary<string, int> medianAge)
    {
        var age = demographics.TryGetValue(p.Who, out var d) ? d.Int("age") : null;
        if (age is null)
        {
            Issue("demographics", d, "age missing: the trial's median age gives the birth year (age is a model covariate only)");
        }

        return (anchor.Year - (age ?? medianAge[p.Trial])).ToString(CultureInfo.InvariantCulture);
    }

    private static string Sex(IReadOnlyDictionary<string, Ctn0094Row> demographics, Participant p) =>
        YesNo(demographics, p, "is_male") switch { "yes" => "male", "no" => "female", _ => "unknown" };

    private static string Ethnicity(IReadOnlyDictionary<string, Ctn0094Row> demographics, Participant p) =>
        YesNo(demographics, p, "is_hispanic") switch { "yes" => "hispanic", "no" => "not_hispanic", _ => "unknown" };

    private string Race(IReadOnlyDictionary<string, Ctn0094Row> demographics, Participant p)
    {
        var race = demographics.TryGetValue(p.Who, out var d) ? d["race"] : "";
        switch (race)
        {
            case "Black": return "black";
            case "White": return "white";
            case "Other": return "other";
            case "" or "Refused/missing": return "unknown";
            default:
                Issue("demographics", d, $"unknown race '{Shape(race)}': recorded as unknown");
                return "unknown";
        }
    }

    /// <summary>Heroin when the baseline Risk Behavior Survey records heroin or speedball use, other opioids otherwise.</summary>
    private static string PrimarySubstance(IReadOnlyDictionary<string, List<Ctn0094Row>> rbs, Participant p) =>
        (rbs.GetValueOrDefault(p.Who) ?? []).Any(r => r["did_use"] == "Yes" && r["what"] is "heroin" or "speedball") ? "heroin" : "other_opioids";

    /// <summary>A co-occurring disorder: schizophrenia, major depression, bipolar or anxiety/panic disorder in the history.</summary>
    private static string CoOccurring(IReadOnlyDictionary<string, Ctn0094Row> psychiatric, Participant p)
    {
        if (!psychiatric.TryGetValue(p.Who, out var row))
        {
            return "unknown";
        }

        string[] columns = ["has_schizophrenia", "has_major_dep", "has_bipolar", "has_anx_pan"];
        return columns.Any(c => row[c] == "Yes") ? "yes" : columns.All(c => row[c] == "No") ? "no" : "unknown";
    }

    private static string YesNo(IReadOnlyDictionary<string, Ctn0094Row> table, Participant p, string column) =>
        table.TryGetValue(p.Who, out var row) ? row[column] switch { "Yes" => "yes", "No" => "no", _ => "" } : "";

    private static int Median(List<int> values)
    {
        values.Sort();
        return values.Count == 0 ? 35 : values[values.Count / 2];
    }

    private static string Id(Participant p) => "P" + p.Who;

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A value's shape for a message: the value itself only when short and plain (codes, never identifiers).</summary>
    private static string Shape(string value) => value.Length <= 40 && value.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '/' or '_') ? value : $"{value.Length} characters";

    private void Issue(Ctn0094Table table, Ctn0094Row row, string reason) => _issues.Add(new Ctn0094Issue(table.Name, row.Line, reason));

    private void Issue(string table, Ctn0094Row? row, string reason) => _issues.Add(new Ctn0094Issue(table, row?.Line ?? 0, reason));

    private static Dictionary<string, Ctn0094Row> Index(Ctn0094Table table)
    {
        var index = new Dictionary<string, Ctn0094Row>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            index.TryAdd(row["who"], row);
        }

        return index;
    }

    private static Dictionary<string, List<Ctn0094Row>> Group(Ctn0094Table table) =>
        table.Rows.GroupBy(r => r["who"], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

    private static CsvOut Writer(string folder, string name, string header) => new(Path.Combine(folder, name + ".csv"), name, header);

    private sealed record Participant(string Who, string Trial, Ctn0094Arm Arm, int Randomized, string Facility);

    /// <summary>A contract CSV file being written: RFC 4180 quoting, LF line ends, UTF-8 without BOM.</summary>
    private sealed class CsvOut : IDisposable
    {
        private readonly StreamWriter _writer;

        public CsvOut(string path, string name, string header)
        {
            Name = name;
            _writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
            _writer.WriteLine(header);
        }

        public string Name { get; }

        public int Rows { get; private set; }

        public void Row(params string[] values)
        {
            _writer.WriteLine(string.Join(',', values.Select(v => v.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v)));
            Rows++;
        }

        public void Dispose() => _writer.Dispose();
    }
}
