namespace Outcomes.TestSupport;

/// <summary>
/// The real public data kept beside the project (never copied into it): <c>OUTCOMES_SHARED_DATA</c>, else
/// <c>shared/data</c> in a folder above the checkout.
/// </summary>
public static class SharedData
{
    public const string Variable = "OUTCOMES_SHARED_DATA";

    public static string Folder(string name)
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Existing(Path.Combine(configured, name), name);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", name);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Existing("", name);
    }

    private static string Existing(string path, string name) =>
        Directory.Exists(path) ? path : throw new DirectoryNotFoundException(
            $"The public data set '{name}' was not found in shared/data beside the project; set {Variable} to the folder holding it.");
}
