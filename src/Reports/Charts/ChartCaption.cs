namespace Outcomes.Reports.Charts;

/// <summary>What every chart says about itself: title, period, population, number of patients, and its source.</summary>
internal sealed record ChartCaption(string Title, string Period, string Population, string N, string Source)
{
    public string Subtitle => $"{Period} · {Population} · n = {N}";
}
