using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Contract.Files;
using Outcomes.Synthetic.Dirt;

namespace Outcomes.Synthetic.Output;

/// <summary>
/// The files of a drop folder (the contract's eleven), open for writing at once (a patient's rows go to several files as the
/// patient is generated), with each file's columns looked up once by name in the contract's definitions.
/// </summary>
internal sealed class DropFiles : IDisposable
{
    public DropFiles(string folder, DirtInjector? dirt)
    {
        Directory.CreateDirectory(folder);
        All = [.. DataContract.Files.Select(definition => new ContractFileWriter(folder, definition))];
        foreach (var file in All.Where(f => f.Entity != ProgramsFile.Definition && f.Entity.SinceVersion == "1"))
        {
            // programs.csv stays clean: it is tiny and every episode refers to it. The version-2 files stay clean too:
            // the mistakes draw from one stream in row order, so rows of new files would move every later mistake.
            file.Dirt = dirt;
        }

        Programs = new ProgramColumns(Of(ProgramsFile.Definition));
        Patients = new PatientColumns(Of(PatientsFile.Definition));
        Episodes = new EpisodeColumns(Of(EpisodesFile.Definition));
        Sessions = new SessionColumns(Of(SessionsFile.Definition));
        FamilyContacts = new FamilyContactColumns(Of(FamilyContactsFile.Definition));
        DrugScreens = new DrugScreenColumns(Of(DrugScreensFile.Definition));
        RelapseEvents = new RelapseEventColumns(Of(RelapseEventsFile.Definition));
        FollowUps = new FollowUpColumns(Of(FollowUpsFile.Definition));
        Assessments = new AssessmentColumns(Of(AssessmentsFile.Definition));
        Referrals = new ReferralColumns(Of(ReferralsFile.Definition));
        Surveys = new SurveyColumns(Of(SurveysFile.Definition));
    }

    /// <summary>In the contract's load order.</summary>
    public IReadOnlyList<ContractFileWriter> All { get; }

    public ProgramColumns Programs { get; }

    public PatientColumns Patients { get; }

    public EpisodeColumns Episodes { get; }

    public SessionColumns Sessions { get; }

    public FamilyContactColumns FamilyContacts { get; }

    public DrugScreenColumns DrugScreens { get; }

    public RelapseEventColumns RelapseEvents { get; }

    public FollowUpColumns FollowUps { get; }

    public AssessmentColumns Assessments { get; }

    public ReferralColumns Referrals { get; }

    public SurveyColumns Surveys { get; }

    public void Dispose()
    {
        foreach (var file in All)
        {
            file.Dispose();
        }
    }

    private ContractFileWriter Of(EntityDefinition definition) => All.Single(f => f.Entity == definition);

    internal sealed class ProgramColumns(ContractFileWriter file)
    {
        public ContractFileWriter File { get; } = file;
        public int Facility { get; } = file.Column("facility_id");
        public int Program { get; } = file.Column("program_id");
        public int Name { get; } = file.Column("name");
        public int LevelOfCare { get; } = file.Column("level_of_care");
        public int AsamLevel { get; } = file.Column("asam_level");
        public int AsamEdition { get; } = file.Column("asam_edition");
        public int PlannedWeeks { get; } = file.Column("planned_weeks");
        public int PlannedHours { get; } = file.Column("planned_hours_per_week");
    }

    internal sealed class PatientColumns(ContractFileWriter file)
    {
        public ContractFileWriter File { get; } = file;
        public int Facility { get; } = file.Column("facility_id");
        public int Patient { get; } = file.Column("patient_id");
        public int BirthYear { get; } = file.Column("birth_year");
        public int Sex { get; } = file.Column("sex");
        public int Race { get; } = file.Column("race");
        public int Ethnicity { get; } = file.Column("ethnicity");
        public int PrimarySubstance { get; } = file.Column("primary_substance");
        public int CoOccurring { get; } = file.Column("co_occurring_disorder");
        public int ReferralSource { get; } = file.Column("referral_source");
        public int Payer { get; } = file.Column("payer");
    }

    internal sealed class EpisodeColumns(ContractFileWriter file)
    {
        public ContractFileWriter File { get; } = file;
        public int Facility { get; } = file.Column("facility_id");
        public int Episode { get; } = file.Column("episode_id");
        public int Patient { get; } = file.Column("patient_id");
        public int Program { get; } = file.Column("program_id");
        public int Admission { get; } = file.Column("admission_date");
        public int Discharge { get; } = file.Column("discharge_date");
        public int Reason { get; } = file.Column("discharge_reason");
        public int TransferredTo { get; } = file.Column("transferred_to_episode_id");
        public int Medication { get; } = file.Column("medication_for_addiction_treatment");
        public int Counsellor { get; } = file.Column("counsellor");
    }

    internal sealed class SessionColumns(ContractFileWriter file)
    {
        public ContractFileWriter File { get; } = file;
        public int Facility { get; } = file.Column("facility_id");
        public int Session { get; } = file.Column("session_id");
        public int Episode { get; } = file.Column("episode_id");
        public int Date { get; } = file.Column("session_date");
        public int Kind { get; } = file.Column("kind");
        public int Scheduled { get; } = file.Column("scheduled_minutes");
        public int Status { get; } = file.Column("status");
        public int Attended { get; } = file.Column("attended_minutes");
    }

    internal sealed class FamilyContactColumns(ContractFileWriter file)
    {
        public ContractFileWriter File { get; } = file;
        public int Facility { get; } = file.Column("facility_id");
        public int Contact { get; } = file.Column("contact_id");
        public int Episode { get; } = file.Column("episode_id");
        public int Date { get; } = file.Column("contact_date");
        public int Kind { get; } = file.Column("kind");
        public int Attended { get; } = file.Column("attended");
    }

    internal sealed class DrugScreenColumns(ContractFileWriter file)
    {
        public ContractFileWriter File { get; } = file;
        public int Facility { get; } = file.Column("facility_id");
        public int Screen { get; } = file.Column("screen_id");
        public int Episode { get; } = file.Column("episode_id");
        public int Date { get; } = file.Column("collection_date");
        public int Result { get; } = file.Column("result");
        public int Substances { get; } = file.Column("substances");
    }

    internal sealed class RelapseEventColumns(ContractFileWriter file)
    {
        public ContractFileWriter File { get; } = file;
        public int Facility { get; } = file.Column("facility_id");
        public int Event { get; } = file.Column("event_id");
        public int Episode { get; } = file.Column("episode_id");
        public int Date { get; } = file.Column("event_date");
        public int Kind { get; } = file.Column("kind");
    }

    internal sealed class FollowUpColumns(ContractFileWriter file)
    {
        public ContractFileWriter File { get; } = file;
        public int Facility { get; } = file.Column("facility_id");
        public int Episode { get; } = file.Column("episode_id");
        public int Days { get; } = file.Column("days_after_discharge");
        public int Reached { get; } = file.Column("reached");
        public int Abstinent { get; } = file.Column("abstinent");
    }

    internal sealed class AssessmentColumns(ContractFileWriter file)
    {
        public ContractFileWriter File { get; } = file;
        public int Facility { get; } = file.Column("facility_id");
        public int Assessment { get; } = file.Column("assessment_id");
        public int Patient { get; } = file.Column("patient_id");
        public int Episode { get; } = file.Column("episode_id");
        public int Instrument { get; } = file.Column("instrument");
        public int Date { get; } = file.Column("administered_date");
        public int Total { get; } = file.Column("total_score");
        public int Items { get; } = file.Column("items");
        public int Subscales { get; } = file.Column("subscales");
    }

    internal sealed class ReferralColumns(ContractFileWriter file)
    {
        public ContractFileWriter File { get; } = file;
        public int Facility { get; } = file.Column("facility_id");
        public int Referral { get; } = file.Column("referral_id");
        public int Patient { get; } = file.Column("patient_id");
        public int Program { get; } = file.Column("program_id");
        public int Referred { get; } = file.Column("referral_date");
        public int FirstContact { get; } = file.Column("first_contact_date");
        public int Assessed { get; } = file.Column("assessment_date");
        public int Admitted { get; } = file.Column("admission_date");
        public int Episode { get; } = file.Column("episode_id");
        public int Source { get; } = file.Column("referral_source");
    }

    internal sealed class SurveyColumns(ContractFileWriter file)
    {
        public ContractFileWriter File { get; } = file;
        public int Facility { get; } = file.Column("facility_id");
        public int Survey { get; } = file.Column("survey_id");
        public int Episode { get; } = file.Column("episode_id");
        public int Instrument { get; } = file.Column("instrument");
        public int Date { get; } = file.Column("survey_date");
        public int Score { get; } = file.Column("score");
        public int NetPromoter { get; } = file.Column("net_promoter");
    }
}
