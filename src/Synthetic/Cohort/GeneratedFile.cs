namespace Outcomes.Synthetic.Cohort;

/// <summary>One file of a generated drop folder: its name, its clean rows and its deliberately malformed rows.</summary>
public sealed record GeneratedFile(string FileName, long CleanRows, long DirtyRows);
