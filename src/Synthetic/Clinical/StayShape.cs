namespace Outcomes.Synthetic.Clinical;

/// <summary>
/// How long a stay ending with one discharge reason lasts: log-normal, its median a fraction of the program's
/// planned length, its spread <see cref="Sigma"/> (standard deviation of the logarithm).
/// </summary>
internal readonly record struct StayShape(double MedianFractionOfPlan, double Sigma);
