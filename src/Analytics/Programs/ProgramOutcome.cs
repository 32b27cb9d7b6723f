using Outcomes.Analytics.Proportions;
using Outcomes.Analytics.Survival;

namespace Outcomes.Analytics.Programs;

/// <summary>
/// One program's episodes across facilities (matched by the source program id): completion, the share never given
/// medication, and retention as a Kaplan–Meier curve of days in care (completers and patients still in care censored).
/// </summary>
public sealed record ProgramOutcome(string ProgramId, int Episodes, Proportion Completed, Proportion WithoutMedication, KaplanMeierCurve Retention);
