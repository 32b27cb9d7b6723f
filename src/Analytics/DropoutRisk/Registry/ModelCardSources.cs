using System.Globalization;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Analytics.Suppression;

namespace Outcomes.Analytics.DropoutRisk.Registry;

/// <summary>
/// The model card's lines on what the model's data stood on: the data sources it learnt from (and so needs to score),
/// and how the feedback loop of outreach on its own flags is kept out of its training.
/// </summary>
internal static class ModelCardSources
{
    /// <summary>"Data sources learnt from: sessions, drug screens and family contacts …", or "not recorded" for a result without them.</summary>
    public static string Sources(TrainingResult result)
    {
        if (result.Sources is not { } learnt)
        {
            return "Data sources learnt from: not recorded; scoring needs every source some facility sends.";
        }

        var unlearnt = SourceCoverage.ModelSources.Except(learnt, StringComparer.Ordinal).ToList();
        return $"Data sources learnt from: {Words(learnt)}"
            + (unlearnt.Count == 0 ? "." : $"; not learnt from: {Words(unlearnt)} (no training snapshot had any), so scoring does not need them and reads them as none, as every training row did.")
            + $" A patient whose facility's data of a source it learnt from do not reach the day, or begin after the admission, is not scored (`outcomes score`: \"not scored: {DataSources.NoDataSince(DataSources.Sessions, new DateOnly(2026, 5, 12))}\"), and such snapshots were not trained on: their features would read as nothing having happened.";
    }

    /// <summary>How outreach recorded on the model's flags is kept out of what it learns: by exclusion, with the number of snapshots left out.</summary>
    public static string FeedbackLoop(TrainingResult result, int horizonDays)
    {
        var policy = new SmallCellPolicy();
        var excluded = policy.IsSmall(result.ExcludedForOutreach) ? policy.SmallCellText : result.ExcludedForOutreach.ToString("N0", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"Feedback loop: handled by exclusion; outreach is not a predictor. Snapshots whose {horizonDays}-day horizon reached a flag with outreach recorded (status outreach done) are left out of training and testing ({excluded} here), so the model learns the risk of patients the team had not reached, not the outreach's effect.");
    }

    private static string Words(IReadOnlyList<string> sources) => sources.Count switch
    {
        0 => "none",
        1 => DataSources.Noun(sources[0]),
        _ => string.Join(", ", sources.Take(sources.Count - 1).Select(DataSources.Noun)) + " and " + DataSources.Noun(sources[^1]),
    };
}
