namespace Outcomes.TestSupport;

/// <summary>
/// What a test is, as an xunit trait (<c>[Trait(TestCategory.Name, TestCategory.Slow)]</c>), so a run can choose:
/// <c>./run-tests --fast</c> leaves out <see cref="Slow"/>; <c>dotnet test --filter Category=RealData</c> runs those alone.
/// </summary>
public static class TestCategory
{
    public const string Name = "Category";

    /// <summary>Takes more than a few seconds on a quiet machine (fuzzing, training, servers waiting for schedules).</summary>
    public const string Slow = "Slow";

    /// <summary>Starts other processes: the outcomes program, PostgreSQL clusters of its own, nginx, a browser, the dotnet SDK.</summary>
    public const string Process = "Process";

    /// <summary>Reads the public trial data carried in data/ (RepositoryData).</summary>
    public const string RealData = "RealData";
}
