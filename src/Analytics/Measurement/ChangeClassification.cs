namespace Outcomes.Analytics.Measurement;

/// <summary>
/// Classifies one patient's change from the intake score to the latest score (Jacobson &amp; Truax 1991): recovered
/// when the improvement is reliable (|RCI| &gt; 1.96 in the direction of health) and the patient moved from the
/// clinical range at intake into the functional range; improved when reliable without that move; deteriorated when
/// reliable in the other direction; unchanged otherwise. Without a cut-off (<see cref="ChangeCriteria.Cutoff"/> null) a
/// reliable improvement is improved: recovery needs the cut-off.
/// </summary>
public static class ChangeClassification
{
    public static ChangeCategory Classify(double intake, double latest, ChangeCriteria criteria)
    {
        var improvement = criteria.ImprovementIndex(intake, latest);
        if (improvement > ReliableChange.Threshold)
        {
            return criteria.IsClinical(intake) == true && criteria.IsClinical(latest) == false ? ChangeCategory.Recovered : ChangeCategory.Improved;
        }

        return improvement < -ReliableChange.Threshold ? ChangeCategory.Deteriorated : ChangeCategory.Unchanged;
    }
}
