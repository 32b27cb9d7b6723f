namespace Outcomes.Ingest.Contract.Instruments;

/// <summary>Which way a score moves as the person gets better.</summary>
public enum ScoreDirection
{
    /// <summary>Symptom and risk scales: a fall is an improvement (PHQ-9, GAD-7, PCL-5, BAM use and risk).</summary>
    HigherIsWorse,

    /// <summary>Protective factors and satisfaction: a rise is an improvement (BAM protective factors, CSQ-8).</summary>
    HigherIsBetter,
}
