using System.Globalization;
using System.Text;

namespace Outcomes.Ingest.PublicData.Ctn0094;

/// <summary>
/// <c>outcomes import ctn0094</c>: maps any trial of the public CTN-0094 release onto data contract v1 and writes an
/// ordinary drop folder, which then loads through the normal validated ingest (quarantine and lineage included).
/// Trials, arms, every randomisation (in order: each a phase and an episode, linked as transfers), visit schedules and
/// study days come from the release's own tables; the few facts the tables do not hold (the calendar day of study day
/// 0, program ids, study medication, validations) from the release's declaration (<see cref="Ctn0094Release"/>).
/// Every mapping choice is documented in docs/real-data.md; every source row not carried over is reported with its
/// trial and reason, and the rest still loads. An import that maps nothing for a trial writes nothing.
/// </summary>
public sealed class Ctn0094Importer
{
    /// <summary>A weekly study visit, counted as a scheduled medication-management session of this length.</summary>
    public const int VisitMinutes = 60;

    /// <summary>Days a month counts for a follow-up named in months after the end of treatment (M1F, M3F).</summary>
    public const int DaysPerFollowUpMonth = 30;

    /// <summary>Study day 0 of a trial the release does not date: days between events stay exact, calendar dates do not.</summary>
    public static readonly DateOnly UndeclaredStudyDayZero = new(2000, 1, 1);

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

    /// <summary>The contract files the importer writes, in the order they load.</summary>
    private static readonly (string Name, string Header)[] Files =
    [
        ("programs", "facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week"),
        ("patients", "facility_id,patient_id,birth_year,sex,race,ethnicity,primary_substance,co_occurring_disorder,referral_source,payer"),
        ("episodes", "facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment"),
        ("sessions", "facility_id,session_id,episode_id,session_date,kind,scheduled_minutes,status,attended_minutes"),
        ("drug_screens", "facility_id,screen_id,episode_id,collection_date,result,substances"),
        ("follow_ups", "facility_id,episode_id,days_after_discharge,reached,abstinent"),
    ];

    private readonly List<Ctn0094Issue> _issues = [];

    /// <summary>The trials a release folder holds (everybody.project), in order.</summary>
    public static IReadOnlyList<string> TrialsIn(string sourceFolder) =>
        [.. Ctn0094Table.Read(sourceFolder, "everybody", "who", "project").Rows.Select(r => r["project"]).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).Order(ProjectOrder.Instance)];

    /// <summary>
    /// Maps the release in <paramref name="sourceFolder"/> (only <paramref name="trials"/> when given) into
    /// <paramref name="dropFolder"/>. <paramref name="releaseFile"/> declares the release; without it, the folder's
    /// release.json, else the built-in declaration of public.ctn0094data 1.0.6.
    /// </summary>
    public Ctn0094ImportResult Import(string sourceFolder, string dropFolder, IReadOnlyCollection<string>? trials = null, string? releaseFile = null)
    {
        _issues.Clear();
        var release = Ctn0094Release.For(sourceFolder, releaseFile);
        var everybody = Ctn0094Table.Read(sourceFolder, "everybody", "who", "project");
        var randomization = Ctn0094Table.Read(sourceFolder, "randomization", "who", "treatment", "which", "when");
        var sites = Index(Ctn0094Table.Read(sourceFolder, "site_masked", "who", "site_masked"));
        var demographics = Index(Ctn0094Table.Read(sourceFolder, "demographics", "who", "age", "is_male", "race", "is_hispanic"));
        var psychiatric = Index(Ctn0094Table.Read(sourceFolder, "psychiatric", "who", "has_schizophrenia", "has_major_dep", "has_bipolar", "has_anx_pan"));
        var rbs = Group(Ctn0094Table.Read(sourceFolder, "rbs", "who", "what", "did_use"));
        var doses = Group(Ctn0094Table.Read(sourceFolder, "treatment", "who", "amount", "when"));
        var visitTable = Ctn0094Table.Read(sourceFolder, "visit", "who", "visit", "what", "when");
        var visits = Group(visitTable);
        var positives = Group(Ctn0094Table.Read(sourceFolder, "uds", "who", "what", "when"));
        var specimens = Group(Ctn0094Table.Read(sourceFolder, "uds_temp", "who", "was_temp_ok", "when"));

        var project = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in everybody.Rows)
        {
            project.TryAdd(row["who"], row["project"]);
        }

        var inRelease = project.Values.Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).Order(ProjectOrder.Instance).ToList();
        var wanted = trials is { Count: > 0 } ? trials.Distinct(StringComparer.Ordinal).Order(ProjectOrder.Instance).ToList() : inRelease;
        if (wanted.FirstOrDefault(t => !inRelease.Contains(t)) is { } missing)
        {
            return Failed(dropFolder, $"trial {missing} is not in this release (everybody.csv holds {Listed(inRelease)})");
        }

        if (wanted.Count == 0)
        {
            return Failed(dropFolder, "the release lists no participant (everybody.csv has no rows with a project)");
        }

        var plans = wanted.ToDictionary(t => t, t => Plan(release, t, randomization, project), StringComparer.Ordinal);
        var labels = ClassifyLabels(visitTable, project, plans);
        var schedule = Ctn0094Schedule.From(labels.Where(l => l.Value is not null).Select(l => (l.Key.Trial, l.Value!)));

        var participants = Participants(randomization, project, plans, sites);
        foreach (var plan in plans.Values)
        {
            if (!participants.Any(p => p.Trial == plan))
            {
                var randomized = randomization.Rows.Count(r => project.GetValueOrDefault(r["who"]) == plan.Project);
                var reasons = _issues.Where(i => i.Trial == plan.Project && i.Table == "randomization" && i.Line > 0).GroupBy(i => i.Reason)
                    .OrderByDescending(g => g.Count()).Take(3).Select(g => $"{g.Count():N0} × {g.Key}").ToList();
                return Failed(dropFolder, randomized == 0
                    ? $"trial {plan.Project}: none of its participants has a randomization row, so it maps to no episode"
                    : $"trial {plan.Project}: none of its {randomized:N0} randomization row(s) maps to an episode ({string.Join("; ", reasons)})");
            }

            foreach (var phase in participants.Where(p => p.Trial == plan).SelectMany(p => p.Phases).Select(p => p.Number).Distinct())
            {
                if (schedule.PlannedWeeks(plan.Project, phase) is null)
                {
                    return Failed(dropFolder, $"trial {plan.Project}: its visit table has no weekly visit label for phase {phase}, so its treatment length is unknown");
                }
            }
        }

        var medianAge = participants.GroupBy(p => p.Trial.Project).ToDictionary(g => g.Key, g => Median(g
            .Select(p => demographics.TryGetValue(p.Who, out var d) ? d.Int("age") : null).OfType<int>().ToList()));

        var staging = Staging(dropFolder);
        var written = new Dictionary<string, int>(StringComparer.Ordinal);
        var episodesPerTrial = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            var writers = Files.Select(f => new CsvOut(Path.Combine(staging, f.Name + ".csv"), f.Name, f.Header)).ToArray();
            try
            {
                var (programs, patients, episodes, sessions, screens, followUps) = (writers[0], writers[1], writers[2], writers[3], writers[4], writers[5]);
                foreach (var (facility, arm, weeks) in participants
                             .SelectMany(p => p.Phases.Select(ph => (p.Facility, ph.Arm, Weeks: schedule.PlannedWeeks(p.Trial.Project, ph.Number)!.Value)))
                             .DistinctBy(x => (x.Facility, x.Arm.ProgramId)).OrderBy(x => x.Facility, StringComparer.Ordinal).ThenBy(x => x.Arm.ProgramId, StringComparer.Ordinal))
                {
                    programs.Row(facility, arm.ProgramId, arm.Name, "OP", "", "3", Number(weeks), "1");
                }

                foreach (var p in participants.OrderBy(p => p.Trial.Project, ProjectOrder.Instance).ThenBy(p => p.Who, ProjectOrder.Instance))
                {
                    patients.Row(p.Facility, Id(p), BirthYear(p, demographics, medianAge), Sex(demographics, p), Race(demographics, p), Ethnicity(demographics, p),
                        PrimarySubstance(rbs, p), CoOccurring(psychiatric, p), "unknown", "unknown");
                    var spans = WriteParticipant(p, schedule, labels, doses.GetValueOrDefault(p.Who) ?? [], visits.GetValueOrDefault(p.Who) ?? [],
                        specimens.GetValueOrDefault(p.Who) ?? [], positives.GetValueOrDefault(p.Who) ?? [], episodes, sessions, screens, followUps);
                    episodesPerTrial[p.Trial.Project] = episodesPerTrial.GetValueOrDefault(p.Trial.Project) + spans;
                }
            }
            finally
            {
                foreach (var writer in writers)
                {
                    written[writer.Name] = writer.Rows;
                    writer.Dispose();
                }
            }

            Publish(staging, dropFolder);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        var imported = plans.Values.Select(t => new Ctn0094Trial(t.Project, t.Name, t.StudyDayZero,
            Programs(t, participants), participants.Count(p => p.Trial == t), episodesPerTrial.GetValueOrDefault(t.Project),
            schedule.Runs.Where(r => r.Trial == t.Project).ToDictionary(r => r.Phase, r => r.Weeks), release.Find(t.Project)?.Published)).ToList();
        var validations = release.Validations
            .Where(v => plans.ContainsKey(v.Train) && plans.ContainsKey(v.Test))
            .Select(v => new Ctn0094Validation(v.Train, v.Test, imported.Single(t => t.Project == v.Train).Programs, imported.Single(t => t.Project == v.Test).Programs))
            .ToList();
        return new Ctn0094ImportResult(dropFolder, written, [.. _issues], imported, validations);
    }

    /// <summary>
    /// A trial's programs with at least one episode, per phase (1 first), each phase's in the order of the trial's arms:
    /// the first of a phase is the comparator its others are compared with.
    /// </summary>
    private static IReadOnlyList<IReadOnlyList<string>> Programs(TrialPlan trial, IReadOnlyList<Participant> participants)
    {
        var entered = participants.Where(p => p.Trial == trial).SelectMany(p => p.Phases).Select(ph => (ph.Number, ph.Arm.Treatment, ph.Arm.ProgramId)).ToHashSet();
        return [.. entered.Select(e => e.Number).Distinct().Order().Select(number => (IReadOnlyList<string>)[.. trial.Arms
            .SelectMany(a => entered.Where(e => e.Number == number && e.Treatment == a.Treatment).Select(e => e.ProgramId))])];
    }

    private Ctn0094ImportResult Failed(string dropFolder, string why) =>
        new(dropFolder, new Dictionary<string, int>(), [.. _issues], [], [], why);

    /// <summary>
    /// A trial's plan: its name and study day 0 as declared (a trial the release does not declare gets
    /// <see cref="UndeclaredStudyDayZero"/>, reported), and its arms in the order the declaration lists them, then any
    /// other arm its randomization rows name, alphabetically, each with a program id derived from its name.
    /// </summary>
    private TrialPlan Plan(Ctn0094Release release, string trial, Ctn0094Table randomization, IReadOnlyDictionary<string, string> project)
    {
        var declared = release.Find(trial);
        var name = declared?.Name ?? (int.TryParse(trial, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? $"CTN-{n:D4}" : $"CTN-{trial}");
        DateOnly dayZero;
        if (declared?.StudyDayZero is { } day)
        {
            dayZero = DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        else
        {
            dayZero = UndeclaredStudyDayZero;
            TrialIssue(trial, "everybody", $"{name}: no calendar day declared for study day 0 in {release.Release}: its dates count from {dayZero:yyyy-MM-dd} (days between events exact, calendar dates not)");
        }

        var arms = (declared?.Arms ?? []).Select(a => new Ctn0094Arm(a.Treatment, a.Program, a.Name ?? $"{a.Treatment} ({name})", a.StudyMedication, a.InjectionCoverDays)).ToList();
        var named = randomization.Rows.Where(r => project.GetValueOrDefault(r["who"]) == trial).Select(r => r["treatment"]).Where(t => t.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal);
        foreach (var treatment in named.Where(t => !arms.Any(a => string.Equals(a.Treatment, t, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            var arm = new Ctn0094Arm(treatment, DerivedProgramId(trial, treatment), $"{Label(treatment)} ({name})", null, null);
            arms.Add(arm);
            TrialIssue(trial, "randomization", $"arm '{Label(treatment)}' is not declared in {release.Release}: program {arm.ProgramId}, daily medication, no positive screen class expected");
        }

        return new TrialPlan(trial, name, dayZero, arms);
    }

    /// <summary>Every visit label of the wanted trials as the rules read it (null: no rule knows it).</summary>
    private static Dictionary<(string Trial, string Label), Ctn0094VisitLabel?> ClassifyLabels(Ctn0094Table visits, IReadOnlyDictionary<string, string> project, IReadOnlyDictionary<string, TrialPlan> plans)
    {
        var labels = new Dictionary<(string, string), Ctn0094VisitLabel?>();
        foreach (var row in visits.Rows)
        {
            if (project.TryGetValue(row["who"], out var trial) && plans.ContainsKey(trial))
            {
                var key = (trial, row["visit"]);
                if (!labels.ContainsKey(key))
                {
                    labels[key] = Ctn0094VisitRules.Classify(row["visit"]);
                }
            }
        }

        return labels;
    }

    /// <summary>
    /// The randomised participants of the wanted trials, each with their phases: every randomization row in the order of
    /// <c>which</c>, except a row repeating the previous one (same arm and day: CTN-0027 and CTN-0051 list each twice).
    /// </summary>
    private List<Participant> Participants(Ctn0094Table randomization, IReadOnlyDictionary<string, string> project,
        IReadOnlyDictionary<string, TrialPlan> plans, IReadOnlyDictionary<string, Ctn0094Row> sites)
    {
        var participants = new List<Participant>();
        foreach (var group in randomization.Rows.GroupBy(r => r["who"], StringComparer.Ordinal))
        {
            if (!project.TryGetValue(group.Key, out var trial) || !plans.TryGetValue(trial, out var plan))
            {
                if (!project.ContainsKey(group.Key))
                {
                    foreach (var row in group)
                    {
                        Issue("", randomization, row, "participant not in everybody.csv: no trial, left out");
                    }
                }

                continue;
            }

            var phases = new List<Phase>();
            Ctn0094Row? previous = null;
            foreach (var row in group.OrderBy(r => r.Int("which") ?? int.MaxValue).ThenBy(r => r.Line))
            {
                if (row.Int("which") is null)
                {
                    Issue(trial, randomization, row, "randomization number (which) missing or not a number: this randomization is left out");
                    continue;
                }

                if (previous is not null && string.Equals(previous["treatment"], row["treatment"], StringComparison.OrdinalIgnoreCase) && previous["when"] == row["when"])
                {
                    Issue(trial, randomization, row, "repeats the participant's previous randomization (same arm and day): no new phase");
                    continue;
                }

                if (row["treatment"].Length == 0)
                {
                    Issue(trial, randomization, row, "no treatment arm: this randomization is left out");
                    continue;
                }

                if (row.Int("when") is not { } start)
                {
                    Issue(trial, randomization, row, "no randomization day: this randomization is left out");
                    continue;
                }

                if (phases.Count > 0 && start < phases[^1].Start)
                {
                    Issue(trial, randomization, row, "randomization day before the previous randomization's: this randomization is left out");
                    continue;
                }

                var arm = plan.Arms.First(a => string.Equals(a.Treatment, row["treatment"], StringComparison.OrdinalIgnoreCase));
                previous = row;
                // A later phase is a program of its own (its length differs), so phases are compared apart.
                var number = phases.Count + 1;
                phases.Add(new Phase(number, number == 1 ? arm : arm with { ProgramId = $"{arm.ProgramId}-P{number}", Name = $"{arm.Name}, phase {number}" },
                    start, number == 1 ? "P" + group.Key : $"P{group.Key}-R{number}"));
            }

            if (phases.Count == 0)
            {
                continue;
            }

            if (!sites.TryGetValue(group.Key, out var site) || site["site_masked"].Length == 0)
            {
                Issue(trial, randomization, group.First(), "no masked site: the participant is left out");
                continue;
            }

            participants.Add(new Participant(group.Key, plan, $"CTN{trial}-S{site["site_masked"]}", phases));
        }

        return participants;
    }

    /// <summary>One participant's episodes (one per phase), sessions, screens and follow-ups; returns the episodes written.</summary>
    private int WriteParticipant(Participant p, Ctn0094Schedule schedule, IReadOnlyDictionary<(string Trial, string Label), Ctn0094VisitLabel?> labels,
        IReadOnlyList<Ctn0094Row> doses, IReadOnlyList<Ctn0094Row> visits, IReadOnlyList<Ctn0094Row> specimens, IReadOnlyList<Ctn0094Row> positives,
        CsvOut episodes, CsvOut sessions, CsvOut screens, CsvOut followUps)
    {
        var trial = p.Trial.Project;

        // Every visit row as the rules read it (rows no rule knows are reported here), and each visit once (the first
        // row of a label) for the sessions and follow-ups; the episode's end weighs every row, repeats included.
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var all = new List<(Ctn0094Row Row, Ctn0094VisitLabel Label)>();
        var read = new List<(Ctn0094Row Row, Ctn0094VisitLabel Label)>();
        foreach (var visit in visits)
        {
            if (labels.GetValueOrDefault((trial, visit["visit"])) is not { } label)
            {
                Issue(trial, "visit", visit, $"unknown visit label '{Label(visit["visit"])}': no rule knows it ({string.Join(", ", Ctn0094VisitRules.All.Select(r => r.Name))}), not mapped");
                continue;
            }

            all.Add((visit, label));
            if (!seen.Add(label.Canonical))
            {
                Issue(trial, "visit", visit, "a second row for the same participant and visit label: the first is kept");
                continue;
            }

            read.Add((visit, label));
        }

        // The phase a weekly visit belongs to: the one its label names, else the one its (nominal) day falls in.
        Phase? PhaseOf(Ctn0094Row row, Ctn0094VisitLabel label)
        {
            if (label.Phase is { } named)
            {
                return named <= p.Phases.Count ? p.Phases[named - 1] : null;
            }

            var day = row["what"] == "visit" && row.Int("when") is { } w ? w : p.Phases[0].Start + 7 * label.Week!.Value;
            return p.Phases.LastOrDefault(ph => ph.Start <= day) ?? p.Phases[0];
        }

        var allWeekly = all.Where(v => v.Label.Kind == Ctn0094VisitKind.Week && schedule.IsTreatmentWeek(trial, v.Label))
            .Select(v => (v.Row, v.Label, Phase: PhaseOf(v.Row, v.Label))).ToList();
        var once = read.Select(v => v.Row).ToHashSet();
        var weekly = allWeekly.Where(v => once.Contains(v.Row)).ToList();
        foreach (var (row, label, _) in weekly.Where(v => v.Phase is null))
        {
            Issue(trial, "visit", row, $"visit of phase {label.Phase} for a participant randomised {p.Phases.Count} time(s): not mapped");
        }

        var spans = new List<(Phase Phase, int EndDay, string Reason, bool Medicated)>();
        foreach (var phase in p.Phases)
        {
            var next = phase.Number < p.Phases.Count ? p.Phases[phase.Number] : null;
            var phaseDoses = doses.Where(d => d.Int("when") is { } w && (phase.Number == 1 || w >= phase.Start) && (next is null || w < next.Start)).ToList();
            var phaseVisits = allWeekly.Where(v => v.Phase == phase).Select(v => (v.Row, v.Label)).ToList();
            var weeks = schedule.PlannedWeeks(trial, phase.Number)!.Value;
            spans.Add(next is null
                ? Episode(phase, weeks, phaseDoses, phaseVisits)
                : (phase, Math.Max(0, next.Start - 1 - phase.Start), "transferred", phaseDoses.Count > 0));
        }

        var admission = (Phase phase) => p.Trial.StudyDayZero.AddDays(phase.Start);
        for (var i = 0; i < spans.Count; i++)
        {
            var (phase, endDay, reason, medicated) = spans[i];
            episodes.Row(p.Facility, phase.EpisodeId, Id(p), phase.Arm.ProgramId, Date(admission(phase)), Date(admission(phase).AddDays(endDay)), reason,
                i + 1 < spans.Count ? spans[i + 1].Phase.EpisodeId : "", medicated ? "yes" : "no");
        }

        var screenDays = ScreenDays(p, specimens, positives);
        foreach (var (day, result, substances) in screenDays)
        {
            var phase = p.Phases.Last(ph => ph.Start <= day);
            screens.Row(p.Facility, $"{Id(p)}-D{day}", phase.EpisodeId, Date(p.Trial.StudyDayZero.AddDays(day)), result, substances);
        }

        foreach (var (row, label, phase) in weekly.Where(v => v.Phase is not null))
        {
            var span = spans[phase!.Number - 1];
            var attended = row["what"] == "visit";
            var nominal = label.Phase is null ? p.Phases[0].Start + 7 * label.Week!.Value : phase.Start + 7 * label.Week!.Value;
            var day = (attended && row.Int("when") is { } w ? w : nominal) - phase.Start;
            if (day < 0 || day > span.EndDay)
            {
                Issue(trial, "visit", row, attended ? "attended visit dated outside the treatment episode" : "missed visit after the episode ended: not a scheduled session");
                continue;
            }

            sessions.Row(p.Facility, $"{Id(p)}-{label.Canonical}", phase.EpisodeId, Date(admission(phase).AddDays(day)), "medication_management",
                Number(VisitMinutes), attended ? "attended" : MissedStatus(row), attended ? Number(VisitMinutes) : "0");
        }

        var last = spans[^1];
        var lastEnd = last.Phase.Start + last.EndDay;
        var treatmentDays = 7 * schedule.PlannedWeeks(trial, last.Phase.Number)!.Value;
        var followUpDays = new HashSet<int>();
        foreach (var (row, label) in read)
        {
            switch (label.Kind)
            {
                case Ctn0094VisitKind.Week when !schedule.IsTreatmentWeek(trial, label):
                case Ctn0094VisitKind.MonthFollowUp:
                    var attended = row["what"] == "visit";
                    var nominal = label.Kind == Ctn0094VisitKind.MonthFollowUp
                        ? last.Phase.Start + treatmentDays + DaysPerFollowUpMonth * label.Months!.Value
                        : (label.Phase is { } named && named <= p.Phases.Count ? p.Phases[named - 1].Start : p.Phases[0].Start) + 7 * label.Week!.Value;
                    var day = attended && row.Int("when") is { } w ? w : nominal;
                    var after = day - lastEnd;
                    if (after < 1 || !followUpDays.Add(after))
                    {
                        Issue(trial, "visit", row, after < 1 ? "follow-up visit not after the episode's end" : "a second follow-up on the same day after discharge");
                        continue;
                    }

                    var abstinent = !attended ? "" : screenDays.Where(s => s.Day == day).Select(s => s.Substances.Contains("opiates", StringComparison.Ordinal) ? "no" : s.Result == "invalid" ? "unknown" : "yes")
                        .DefaultIfEmpty("unknown").First();
                    followUps.Row(p.Facility, last.Phase.EpisodeId, Number(after), attended ? "yes" : "no", abstinent);
                    break;
                case Ctn0094VisitKind.Baseline:
                    Issue(trial, "visit", row, "baseline visit before randomization: not a treatment session");
                    break;
                case Ctn0094VisitKind.EndOfTreatment:
                    Issue(trial, "visit", row, "end-of-treatment assessment: not a weekly session");
                    break;
                case Ctn0094VisitKind.EndOfPhase:
                    Issue(trial, "visit", row, "end-of-phase assessment (the boundary to the next phase): not a weekly session");
                    break;
                case Ctn0094VisitKind.CrossActiveStudy:
                    Issue(trial, "visit", row, "visit of another study the participant was active in: not a session of this trial");
                    break;
            }
        }

        return spans.Count;
    }

    /// <summary>
    /// The last phase's episode: admitted on its randomization; completed when medication is recorded in the last planned
    /// week (a long-acting injection covering its days); otherwise it ends on the later of the last covered day and the
    /// last attended treatment visit, with the reason a missed visit after that gives.
    /// </summary>
    private static (Phase Phase, int EndDay, string Reason, bool Medicated) Episode(Phase phase, int plannedWeeks, IReadOnlyList<Ctn0094Row> doses, IReadOnlyList<(Ctn0094Row Row, Ctn0094VisitLabel Label)> visits)
    {
        var treatmentDays = 7 * plannedWeeks;
        var completionDay = treatmentDays - 7;
        var covered = doses.Select(d => d.Int("when")).OfType<int>().Select(d => d - phase.Start + (phase.Arm.InjectionCoverDays is { } cover ? cover - 1 : 0))
            .DefaultIfEmpty(int.MinValue).Max();
        var medicated = covered != int.MinValue;
        if (medicated && covered >= completionDay)
        {
            return (phase, treatmentDays - 1, "completed", true);
        }

        var attended = visits.Where(v => v.Row["what"] == "visit")
            .Select(v => v.Row.Int("when")).OfType<int>().Select(d => d - phase.Start).DefaultIfEmpty(0).Max();
        var end = Math.Clamp(Math.Max(medicated ? covered : 0, attended), 0, treatmentDays - 1);
        var lastWeek = end / 7;
        var after = visits.Where(v => v.Row["what"] != "visit" && v.Label.Week >= lastWeek).Select(v => v.Row).ToList();
        var reason = after.Any(v => v["is_dead"] == "1") ? "died"
            : after.Any(v => v["is_in_jail"] == "1") ? "incarcerated"
            : after.Any(v => v["is_missing_14_consecutive"] == "1") ? "administrative"
            : "dropped_out";
        return (phase, end, reason, medicated);
    }

    /// <summary>
    /// Specimen days on or after the first randomization: positive with the drug classes found, except the study
    /// medication of the arm the participant was on that day (expected in treatment); negative otherwise; invalid when
    /// the temperature check failed.
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
            if (day < p.Phases[0].Start)
            {
                Issue(p.Trial.Project, "uds_temp", specimens.FirstOrDefault(s => s.Int("when") == day) ?? positives.First(r => r.Int("when") == day),
                    "specimen before randomization (screening): not a screen during care");
                continue;
            }

            var arm = p.Phases.Last(ph => ph.Start <= day).Arm;
            var found = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var row in positives.Where(r => r.Int("when") == day))
            {
                if (string.Equals(row["what"], arm.StudyDrugClass, StringComparison.OrdinalIgnoreCase))
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
                    Issue(p.Trial.Project, "uds", row, $"unknown drug class '{Label(row["what"])}': recorded as other");
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

    private string BirthYear(Participant p, IReadOnlyDictionary<string, Ctn0094Row> demographics, IReadOnlyDictionary<string, int> medianAge)
    {
        var age = demographics.TryGetValue(p.Who, out var d) ? d.Int("age") : null;
        if (age is null)
        {
            Issue(p.Trial.Project, "demographics", d, "age missing: the trial's median age gives the birth year (age is a model covariate only)");
        }

        return Number(p.Trial.StudyDayZero.Year - (age ?? medianAge[p.Trial.Project]));
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
                Issue(p.Trial.Project, "demographics", d, $"unknown race '{Label(race)}': recorded as unknown");
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

    /// <summary>A program id for an arm the release does not declare: the trial and the arm's name in capitals, as an id.</summary>
    internal static string DerivedProgramId(string trial, string treatment)
    {
        var id = new StringBuilder($"CTN{trial}-");
        foreach (var c in treatment.ToUpperInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                id.Append(c);
            }
            else if (id[^1] != '-')
            {
                id.Append('-');
            }
        }

        // Well within the contract's 64 characters, leaving room for a later phase's "-P2".
        var text = id.ToString().TrimEnd('-');
        return text.Length > 48 ? text[..48].TrimEnd('-') : text;
    }

    /// <summary>
    /// Trial metadata (an arm, a visit label, a drug class) for a message: shown as written, control characters
    /// escaped and long text cut, since these are the trial's words, never a participant's.
    /// </summary>
    private static string Label(string value)
    {
        var text = new StringBuilder();
        foreach (var c in value.Length > 60 ? value[..60] + "…" : value)
        {
            text.Append(char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return text.ToString();
    }

    private static string Listed(IReadOnlyList<string> trials) => trials.Count == 0 ? "no trial" : string.Join(", ", trials);

    private static string Id(Participant p) => "P" + p.Who;

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private void Issue(string trial, Ctn0094Table table, Ctn0094Row row, string reason) => _issues.Add(new Ctn0094Issue(trial, table.Name, row.Line, reason));

    private void Issue(string trial, string table, Ctn0094Row? row, string reason) => _issues.Add(new Ctn0094Issue(trial, table, row?.Line ?? 0, reason));

    private void TrialIssue(string trial, string table, string reason) => _issues.Add(new Ctn0094Issue(trial, table, 0, reason));

    /// <summary>A fresh folder beside the drop folder, written in full before anything in the drop folder changes.</summary>
    private static string Staging(string dropFolder)
    {
        var full = Path.GetFullPath(dropFolder);
        var parent = Path.GetDirectoryName(full.TrimEnd(Path.DirectorySeparatorChar)) ?? full;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar))}.importing-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        return staging;
    }

    /// <summary>The staged files replace the drop folder's, one rename each; nothing else in the drop folder is touched.</summary>
    private static void Publish(string staging, string dropFolder)
    {
        Directory.CreateDirectory(dropFolder);
        foreach (var (name, _) in Files)
        {
            File.Move(Path.Combine(staging, name + ".csv"), Path.Combine(dropFolder, name + ".csv"), overwrite: true);
        }
    }

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

    private sealed record TrialPlan(string Project, string Name, DateOnly StudyDayZero, IReadOnlyList<Ctn0094Arm> Arms);

    /// <summary>A randomisation the participant entered: its number among theirs, the arm, the study day, and its episode.</summary>
    private sealed record Phase(int Number, Ctn0094Arm Arm, int Start, string EpisodeId);

    private sealed record Participant(string Who, TrialPlan Trial, string Facility, IReadOnlyList<Phase> Phases);

    /// <summary>Numbers in numeric order (27 before 100), anything else after them in ordinal order.</summary>
    private sealed class ProjectOrder : IComparer<string>
    {
        public static readonly ProjectOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = long.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var m);
            var b = long.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var n);
            return a && b ? m.CompareTo(n) : a ? -1 : b ? 1 : string.CompareOrdinal(x, y);
        }
    }

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
