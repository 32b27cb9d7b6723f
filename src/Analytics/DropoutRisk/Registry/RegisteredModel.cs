namespace Outcomes.Analytics.DropoutRisk.Registry;

/// <summary>A model in the registry, without its bytes.</summary>
public sealed record RegisteredModel(
    long ModelId,
    ModelStatus Status,
    string Algorithm,
    int HorizonDays,
    DateOnly TrainedThroughAdmission,
    DateOnly DataThrough,
    int TrainingRows,
    int TestRows,
    double? Auroc,
    DateTime CreatedAt);
