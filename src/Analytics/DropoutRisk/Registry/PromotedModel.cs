namespace Outcomes.Analytics.DropoutRisk.Registry;

/// <summary>The model that scores patients now, with the metrics stored with it and the days ahead it predicts, without its bytes.</summary>
public sealed record PromotedModel(long ModelId, string Algorithm, ModelMetrics Metrics, int HorizonDays);
