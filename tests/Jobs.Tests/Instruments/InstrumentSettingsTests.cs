using Outcomes.Ingest.Contract.Instruments;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Tests.Hosting;

namespace Outcomes.Jobs.Tests.Instruments;

/// <summary>
/// A program's own instruments in the settings (<c>Jobs:Instruments</c>, docs/instruments.md): read from the jobs file,
/// turned into the instruments the pulls load by, and checked at start-up with a message naming the setting.
/// </summary>
public sealed class InstrumentSettingsTests
{
    private static ProgramInstrumentOptions Valid() => new()
    {
        Code = "recovery-check", Name = "Weekly recovery check", File = "assessments", Min = 0, Max = 40, BetterIs = "higher",
        ClinicalCutOff = 20, Reliability = 0.88, ReliabilityKind = "test-retest", Source = "Program validation study, 2025",
    };

    [Fact]
    public void The_instruments_are_read_from_the_jobs_file_and_become_program_defined_instruments()
    {
        var folder = TestJobs.NewFolder("instrument-settings");
        try
        {
            var read = JobsConfiguration.Load(ServerConfig.Write(new JobsOptions
            {
                Sources = [new SourceOptions { Name = "north", Folder = folder }],
                Instruments =
                [
                    Valid(),
                    new() { Code = "exit_survey", File = "surveys", Min = 1, Max = 5, BetterIs = "higher", Source = "local survey" },
                ],
            }, folder));

            Assert.Empty(JobsOptionsValidator.Problems(read));
            var instruments = read.ProgramInstruments();
            var check = instruments[0];
            Assert.Equal(
                ("recovery_check", "Weekly recovery check", InstrumentPurpose.Progress, 0, 40, ScoreDirection.HigherIsBetter, 20, true),
                (check.Code, check.Name, check.Purpose, check.TotalMin!.Value, check.TotalMax!.Value, check.Direction, check.ClinicalCutOff!.Value, check.IsProgramDefined));
            Assert.Equal(new Reliability(0.88, ReliabilityKind.TestRetest, "Program validation study, 2025"), check.ReliabilityForChange);
            var survey = instruments[1];
            Assert.Equal(("exit_survey", InstrumentPurpose.Satisfaction, (int?)null, (Reliability?)null), (survey.Name, survey.Purpose, survey.ClinicalCutOff, survey.ReliabilityForChange));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Each_unusable_declaration_is_refused_at_start_up_naming_its_setting_and_what_was_expected()
    {
        var bad = new List<ProgramInstrumentOptions>
        {
            Valid(),
            new() { Code = "PHQ-9", Min = 0, Max = 27, BetterIs = "lower", Source = "x" },
            new() { Code = "inverted", Min = 40, Max = 0, BetterIs = "lower", Source = "x" },
            new() { Code = "cut_outside", Min = 0, Max = 40, BetterIs = "lower", ClinicalCutOff = 41, Source = "x" },
            new() { Code = "Recovery check", Min = 0, Max = 40, BetterIs = "sideways", Reliability = 1.2, ReliabilityKind = "split-half", File = "notes", Source = " " },
            new() { Code = "no range", BetterIs = "lower", Source = "x" },
            new() { Code = "bad/code", Min = 0, Max = 1, BetterIs = "lower", Source = "x" },
        };

        var problems = JobsOptionsValidator.Problems(new JobsOptions { Instruments = bad });

        Assert.Equal(
            [
                "Jobs:Instruments:1:Code: 'phq_9' is the built-in Patient Health Questionnaire-9 (depression), whose published range, cut-off and reliability are in the catalogue; a program's own instrument needs a code of its own.",
                "Jobs:Instruments:2:Min and Max: the range 40 to 0 is inverted or empty; expected Min below Max.",
                "Jobs:Instruments:3:ClinicalCutOff: 41 lies outside the range 0 to 40; expected the edge of the clinical range within it, or leave it out.",
                "Jobs:Instruments:4:Code: 'recovery_check' is declared twice; each instrument once.",
                "Jobs:Instruments:4:File: 'notes' is not a file of instrument scores; expected 'assessments' (a progress measure) or 'surveys' (a satisfaction survey).",
                "Jobs:Instruments:4:BetterIs: expected 'lower' (a fall in the total is an improvement) or 'higher' (a rise is).",
                "Jobs:Instruments:4:Reliability: expected a coefficient between 0 and 1 (0.85), or leave it out for no reliable change.",
                "Jobs:Instruments:4:ReliabilityKind: expected 'test-retest' or 'internal-consistency'.",
                "Jobs:Instruments:4:Source: expected where the range, cut-off and reliability come from (a citation, or the program's own study).",
                "Jobs:Instruments:5:Min and Max: expected the lowest and the highest total of the instrument.",
                "Jobs:Instruments:6:Code: expected 1 to 40 letters, digits, '_', '-' or spaces, the code rows name the instrument by.",
            ],
            problems.Where(p => p.StartsWith("Jobs:Instruments:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Norms_instead_of_a_cut_off_become_the_instruments_norms()
    {
        var declared = new ProgramInstrumentOptions
        {
            Code = "mood_local", Min = 0, Max = 63, BetterIs = "lower", Reliability = 0.9, Source = "local norms study",
            ClinicalMean = 35.48, ClinicalStandardDeviation = 8.16, FunctionalMean = 7, FunctionalStandardDeviation = 7,
        };

        var folder = TestJobs.NewFolder("instrument-norms");
        try
        {
            var read = JobsConfiguration.Load(ServerConfig.Write(new JobsOptions
            {
                Sources = [new SourceOptions { Name = "north", Folder = folder }],
                Instruments = [declared],
            }, folder));

            Assert.Empty(JobsOptionsValidator.Problems(read));
            var instrument = read.ProgramInstruments().Single();
            Assert.Equal((new PopulationNorms(35.48, 8.16, 7, 7), (int?)null), (instrument.Norms, instrument.ClinicalCutOff));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Unusable_norms_are_refused_at_start_up_each_saying_what_to_give()
    {
        ProgramInstrumentOptions Normed(string code, string betterIs = "lower") => new()
        {
            Code = code, Min = 0, Max = 40, BetterIs = betterIs, Source = "x",
            ClinicalMean = 25, ClinicalStandardDeviation = 6, FunctionalMean = 8, FunctionalStandardDeviation = 5,
        };
        var partial = Normed("partial");
        partial.FunctionalMean = null;
        partial.FunctionalStandardDeviation = null;
        var both = Normed("both");
        both.ClinicalCutOff = 16;
        var spread = Normed("spread");
        spread.ClinicalStandardDeviation = 0;
        spread.FunctionalStandardDeviation = -2.5;
        var outside = Normed("outside");
        outside.ClinicalMean = 41.5;
        var swapped = Normed("swapped");
        (swapped.ClinicalMean, swapped.FunctionalMean) = (swapped.FunctionalMean, swapped.ClinicalMean);

        var problems = JobsOptionsValidator.Problems(new JobsOptions { Instruments = [Valid(), partial, both, spread, outside, swapped, Normed("higher_wellbeing", "higher")] });

        Assert.Equal(
            [
                "Jobs:Instruments:1:FunctionalMean, FunctionalStandardDeviation: expected all four norms (ClinicalMean, ClinicalStandardDeviation, FunctionalMean, FunctionalStandardDeviation) or none.",
                "Jobs:Instruments:2:ClinicalCutOff: given with the norms, two boundaries between the ranges; keep ClinicalCutOff where the instrument's authors publish a cut-off and leave the norms out, or keep the norms for the Jacobson–Truax cut-off c and leave ClinicalCutOff out.",
                "Jobs:Instruments:3:ClinicalStandardDeviation: 0 is not a positive standard deviation; expected the spread of the sample's totals, above 0.",
                "Jobs:Instruments:3:FunctionalStandardDeviation: -2.5 is not a positive standard deviation; expected the spread of the sample's totals, above 0.",
                "Jobs:Instruments:4:ClinicalMean: 41.5 lies outside the range 0 to 40; expected the sample's mean total within it.",
                "Jobs:Instruments:5:ClinicalMean and FunctionalMean: the clinical mean 8 is not above the functional mean 25, yet BetterIs is 'lower'; expected the clinical sample's mean above the functional sample's (are the two swapped, or BetterIs?).",
                "Jobs:Instruments:6:ClinicalMean and FunctionalMean: the clinical mean 25 is not below the functional mean 8, yet BetterIs is 'higher'; expected the clinical sample's mean below the functional sample's (are the two swapped, or BetterIs?).",
            ],
            problems.Where(p => p.StartsWith("Jobs:Instruments:", StringComparison.Ordinal)));
    }
}
