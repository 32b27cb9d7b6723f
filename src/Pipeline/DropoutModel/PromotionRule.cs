namespace Outcomes.Pipeline.DropoutModel;

/// <summary>What happens to a newly stored candidate model.</summary>
public enum PromotionRule
{
    /// <summary>It stays a candidate; a person promotes it (<c>outcomes model train</c>).</summary>
    Never,

    /// <summary>
    /// Promoted when the promotion check finds it at least as good as the promoted model on recent admissions neither
    /// trained on (<c>--promote-if-better</c>, the weekly retraining, the monthly recalibration).
    /// </summary>
    IfAtLeastAsGood,

    /// <summary>Promoted only when no model is promoted yet, without a comparison but not without its guards (the demo's first model).</summary>
    IfNonePromoted,
}
