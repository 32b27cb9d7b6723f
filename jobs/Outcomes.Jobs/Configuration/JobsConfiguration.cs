using Microsoft.Extensions.Configuration;
using Outcomes.Database.Embedded;

namespace Outcomes.Jobs.Configuration;

/// <summary>
/// Loads <see cref="JobsOptions"/> from the "Jobs" section of a JSON file (<c>--config</c>, else
/// <c>outcomes.jobs.json</c> in the working folder when there is one) and from <c>OUTCOMES_Jobs__...</c>
/// environment variables. With no source configured, the server watches <c>.outcomes/inbox</c>.
/// </summary>
public static class JobsConfiguration
{
    public const string DefaultFileName = "outcomes.jobs.json";
    public const string DefaultSourceName = "inbox";

    public static JobsOptions Load(string? file)
    {
        var options = Read(file);
        if (options.Sources.Count == 0)
        {
            var inbox = Path.Combine(EmbeddedCluster.LocateHome(), DefaultSourceName);
            Directory.CreateDirectory(inbox);
            options.Sources.Add(new SourceOptions { Name = DefaultSourceName, Folder = inbox });
        }

        return options;
    }

    /// <summary>
    /// The settings as written, without the default source: what a command other than the server reads from them
    /// (<c>outcomes ingest</c> takes the program's own instruments, <c>Jobs:Instruments</c>).
    /// </summary>
    public static JobsOptions Read(string? file)
    {
        if (file is not null && !File.Exists(file))
        {
            throw new InvalidOperationException($"--config: the file '{file}' does not exist.");
        }

        var path = file ?? (File.Exists(DefaultFileName) ? DefaultFileName : null);
        var builder = new ConfigurationBuilder();
        if (path is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables("OUTCOMES_");
        JobsOptions options;
        try
        {
            options = builder.Build().GetSection("Jobs").Get<JobsOptions>() ?? new JobsOptions();
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or InvalidDataException)
        {
            throw new InvalidOperationException($"{path ?? "environment"}: the Jobs settings could not be read: {ex.Message}", ex);
        }

        return options;
    }
}
