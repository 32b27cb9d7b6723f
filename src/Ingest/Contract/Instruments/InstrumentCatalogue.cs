namespace Outcomes.Ingest.Contract.Instruments;

/// <summary>
/// The standardised instruments the contract knows, each with the numbers its authors published and the source of
/// each (docs/instruments.md says the same in words). A program's own instrument is declared in configuration
/// (<see cref="IngestOptions.ProgramInstruments"/>) and looked up beside these.
/// </summary>
public static class InstrumentCatalogue
{
    // Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. J Gen Intern Med
    // 2001;16(9):606-613. Nine items scored 0-3; totals 5, 10, 15 and 20 mark mild, moderate, moderately severe and
    // severe depression; 10 or more had 88% sensitivity and 88% specificity for major depression. Test-retest
    // reliability 0.84 (repeated within 48 hours); Cronbach's alpha 0.89 in the primary-care sample.
    public static Instrument Phq9 { get; } = new()
    {
        Code = "phq_9",
        Name = "Patient Health Questionnaire-9 (depression)",
        Purpose = InstrumentPurpose.Progress,
        Direction = ScoreDirection.HigherIsWorse,
        TotalMin = 0,
        TotalMax = 27,
        ItemNumbers = [1, 2, 3, 4, 5, 6, 7, 8, 9],
        ItemMin = 0,
        ItemMax = 3,
        Bands = [new(0, "minimal"), new(5, "mild"), new(10, "moderate"), new(15, "moderately severe"), new(20, "severe")],
        ClinicalCutOff = 10,
        ReliabilityForChange = new(0.84, ReliabilityKind.TestRetest, "Kroenke, Spitzer and Williams 2001"),
        OtherReliabilities = [new(0.89, ReliabilityKind.InternalConsistency, "Kroenke, Spitzer and Williams 2001")],
        Source = "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. J Gen Intern Med 2001;16(9):606-613",
    };

    // Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety disorder: the GAD-7.
    // Arch Intern Med 2006;166(10):1092-1097. Seven items scored 0-3; 5, 10 and 15 mark mild, moderate and severe
    // anxiety; 10 or more had 89% sensitivity and 82% specificity for generalized anxiety disorder. Cronbach's alpha
    // 0.92; test-retest intraclass correlation 0.83.
    public static Instrument Gad7 { get; } = new()
    {
        Code = "gad_7",
        Name = "Generalized Anxiety Disorder-7",
        Purpose = InstrumentPurpose.Progress,
        Direction = ScoreDirection.HigherIsWorse,
        TotalMin = 0,
        TotalMax = 21,
        ItemNumbers = [1, 2, 3, 4, 5, 6, 7],
        ItemMin = 0,
        ItemMax = 3,
        Bands = [new(0, "minimal"), new(5, "mild"), new(10, "moderate"), new(15, "severe")],
        ClinicalCutOff = 10,
        ReliabilityForChange = new(0.83, ReliabilityKind.TestRetest, "Spitzer, Kroenke, Williams and Löwe 2006"),
        OtherReliabilities = [new(0.92, ReliabilityKind.InternalConsistency, "Spitzer, Kroenke, Williams and Löwe 2006")],
        Source = "Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166(10):1092-1097",
    };

    // Cacciola JS, Alterman AI, DePhilippis D, et al. Development and initial evaluation of the Brief Addiction Monitor
    // (BAM). J Subst Abuse Treat 2013;44(3):256-263: 17 items on the past 30 days. Scored as the VA's BAM scoring guide
    // (VISN 4 MIRECC) scores the Likert form: every scored item 0-4 (day counts 0, 1-3, 4-8, 9-15, 16-30 days become 0-4;
    // item 14, enough income, yes = 4); Use = items 4, 5, 6 (0-12); Risk factors = items 1, 2, 3, 8, 11, 15 (0-24);
    // Protective factors = items 9, 10, 12, 13, 14, 16 (0-24). Item 7 (which drugs) details item 6 and item 17
    // (satisfaction with progress) stands alone: neither is in a subscale. No total is published. The concern
    // thresholds (any use; risk 12 or more; protection 12 or less) are the conventions used with that scoring, not
    // validated cut-offs, and no reliability of the Likert subscales is published (Cacciola 2013 reports its own
    // factor scores; Nelson, Young and Chapman 2014 found the Likert form's factor structure unreliable), so no
    // reliable change is computed for the BAM.
    public static Instrument Bam { get; } = new()
    {
        Code = "bam",
        Name = "Brief Addiction Monitor",
        Purpose = InstrumentPurpose.Progress,
        Direction = ScoreDirection.HigherIsWorse,
        ItemNumbers = [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17],
        ItemMin = 0,
        ItemMax = 4,
        Subscales =
        [
            new("use", [4, 5, 6], 0, 12, ScoreDirection.HigherIsWorse) { ConcernCutOff = 1 },
            new("risk", [1, 2, 3, 8, 11, 15], 0, 24, ScoreDirection.HigherIsWorse) { ConcernCutOff = 12 },
            new("protective", [9, 10, 12, 13, 14, 16], 0, 24, ScoreDirection.HigherIsBetter) { ConcernCutOff = 12 },
        ],
        Source = "Cacciola JS, Alterman AI, DePhilippis D, et al. Development and initial evaluation of the Brief Addiction Monitor (BAM). J Subst Abuse Treat 2013;44(3):256-263; subscales as the VA BAM scoring guide scores them",
    };

    // Weathers FW, Litz BT, Keane TM, et al. The PTSD Checklist for DSM-5 (PCL-5). National Center for PTSD, 2013: 20
    // items scored 0-4, total 0-80. Blevins CA, Weathers FW, Davis MT, Witte TK, Domino JL. J Trauma Stress
    // 2015;28(6):489-498: alpha 0.94, test-retest r 0.82 (one week), cut-off 31-33. Bovin MJ, Marx BP, Weathers FW, et
    // al. Psychol Assess 2016;28(11):1379-1391: alpha 0.96, test-retest 0.84, cut-off 31-33 in veterans. The National
    // Center for PTSD suggests 31-33 as a provisional cut-off; the top of that range, 33, is used here.
    public static Instrument Pcl5 { get; } = new()
    {
        Code = "pcl_5",
        Name = "PTSD Checklist for DSM-5",
        Purpose = InstrumentPurpose.Progress,
        Direction = ScoreDirection.HigherIsWorse,
        TotalMin = 0,
        TotalMax = 80,
        ItemNumbers = [.. Enumerable.Range(1, 20)],
        ItemMin = 0,
        ItemMax = 4,
        ClinicalCutOff = 33,
        ReliabilityForChange = new(0.82, ReliabilityKind.TestRetest, "Blevins, Weathers, Davis, Witte and Domino 2015"),
        OtherReliabilities =
        [
            new(0.94, ReliabilityKind.InternalConsistency, "Blevins, Weathers, Davis, Witte and Domino 2015"),
            new(0.84, ReliabilityKind.TestRetest, "Bovin, Marx, Weathers et al. 2016"),
            new(0.96, ReliabilityKind.InternalConsistency, "Bovin, Marx, Weathers et al. 2016"),
        ],
        Source = "Weathers FW, Litz BT, Keane TM, et al. The PTSD Checklist for DSM-5 (PCL-5), National Center for PTSD 2013; Blevins CA et al., J Trauma Stress 2015;28(6):489-498; Bovin MJ et al., Psychol Assess 2016;28(11):1379-1391",
    };

    // Larsen DL, Attkisson CC, Hargreaves WA, Nguyen TD. Assessment of client/patient satisfaction: development of a
    // general scale. Eval Program Plann 1979;2(3):197-207: eight items scored 1-4, total 8-32, higher = more satisfied.
    // Attkisson CC, Zwick R. The Client Satisfaction Questionnaire. Eval Program Plann 1982;5(3):233-237: alpha 0.93.
    // No cut-off is published.
    public static Instrument Csq8 { get; } = new()
    {
        Code = "csq_8",
        Name = "Client Satisfaction Questionnaire-8",
        Purpose = InstrumentPurpose.Satisfaction,
        Direction = ScoreDirection.HigherIsBetter,
        TotalMin = 8,
        TotalMax = 32,
        ItemNumbers = [1, 2, 3, 4, 5, 6, 7, 8],
        ItemMin = 1,
        ItemMax = 4,
        ReliabilityForChange = new(0.93, ReliabilityKind.InternalConsistency, "Attkisson and Zwick 1982"),
        Source = "Larsen DL, Attkisson CC, Hargreaves WA, Nguyen TD. Assessment of client/patient satisfaction: development of a general scale. Eval Program Plann 1979;2(3):197-207",
    };

    public static IReadOnlyList<Instrument> BuiltIn { get; } = [Phq9, Gad7, Bam, Pcl5, Csq8];

    /// <summary>
    /// The instrument a code names (built in, or among the program's own), or null. Codes are matched as the contract
    /// matches codes: without regard to case, a space or hyphen counting as an underscore ("PHQ-9" is phq_9).
    /// </summary>
    public static Instrument? Find(string code, IReadOnlyList<Instrument> programInstruments)
    {
        var normalized = NormalizeCode(code);
        return BuiltIn.FirstOrDefault(i => i.Code == normalized) ?? programInstruments.FirstOrDefault(i => i.Code == normalized);
    }

    /// <summary>A code as the contract compares codes: lower case, spaces and hyphens as underscores.</summary>
    public static string NormalizeCode(string code) =>
        string.Create(code.Trim().Length, code.Trim(), static (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = text[i] is ' ' or '-' ? '_' : char.ToLowerInvariant(text[i]);
            }
        });
}
