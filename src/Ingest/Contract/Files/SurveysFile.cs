using Outcomes.Ingest.Contract.Instruments;
using Outcomes.Ingest.Validation;

namespace Outcomes.Ingest.Contract.Files;

/// <summary>
/// surveys.csv (contract v2): a satisfaction or experience survey of an episode, at discharge or follow-up: the
/// instrument, its score within the instrument's range, and the optional net-promoter answer.
/// </summary>
public static class SurveysFile
{
    private const int Instrument = 3;
    private const int Score = 5;

    public static EntityDefinition Definition { get; } = new()
    {
        Name = "surveys",
        Table = "survey",
        LoadOrder = 11,
        SinceVersion = "2",
        DeclaresInstruments = InstrumentPurpose.Satisfaction,
        CoverageDateSql = "survey_date",
        KeyFields = ["facility_id", "survey_id"],
        Fields =
        [
            Fields.FacilityId,
            Fields.Id("survey_id", "the survey's id in the source system"),
            Fields.Id("episode_id", "the episode surveyed (an episode_id of episodes.csv); the date must be on or after admission"),
            new FieldDefinition("instrument", FieldKind.Text, true) { MaxLength = 40, Description = "the survey instrument's code (docs/instruments.md)" },
            Fields.Date("survey_date", "the day the survey was answered"),
            Fields.Integer("score", short.MinValue, short.MaxValue, "the survey's total score, within the instrument's range"),
            Fields.Integer("net_promoter", NetPromoter.Min, NetPromoter.Max, "the answer to the net-promoter question, 0-10; empty when not asked", required: false)
                with { MayBeAbsent = true },
        ],
        RowRule = CheckScore,
        MergeSql = EpisodeChildSql.Merge(
            "survey",
            "facility_id, source_survey_id",
            [
                ("source_survey_id", "s.survey_id"), ("instrument", "s.instrument"), ("surveyed_on", "s.survey_date"),
                ("score", "s.score"), ("net_promoter", "s.net_promoter"),
            ],
            "survey_date",
            EpisodeDateRule.OnOrAfterAdmission),
        RejectUnresolvedSql = EpisodeChildSql.RejectUnresolved("survey_date", EpisodeDateRule.OnOrAfterAdmission),
    };

    private static RowIssue? CheckScore(RowValues row, IngestOptions options)
    {
        var instrument = InstrumentCatalogue.Find(row.Text[Instrument]!, options.ProgramInstruments);
        if (instrument is null)
        {
            return new RowIssue("instrument", $"is not a survey of the catalogue ({string.Join(", ", InstrumentCatalogue.BuiltIn.Where(i => i.Purpose == InstrumentPurpose.Satisfaction).Select(i => i.Code))}) nor one declared for the program; see docs/instruments.md");
        }

        if (instrument.Purpose != InstrumentPurpose.Satisfaction)
        {
            return new RowIssue("instrument", $"{instrument.Code} is not a satisfaction survey; send it in assessments.csv");
        }

        row.SetText(Instrument, instrument.Code);
        var score = row.Integer[Score];
        return score < instrument.TotalMin || score > instrument.TotalMax
            ? new RowIssue("score", $"is {(score < instrument.TotalMin ? "below" : "above")} the range of {instrument.Code} ({instrument.TotalMin}-{instrument.TotalMax})")
            : null;
    }
}
