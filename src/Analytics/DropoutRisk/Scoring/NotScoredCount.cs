namespace Outcomes.Analytics.DropoutRisk.Scoring;

/// <summary>Patients in care a scoring left out, by reason ("outside the model's range (day 2; trained on days 7–28)"); never who.</summary>
public sealed record NotScoredCount(string Reason, int Patients);
