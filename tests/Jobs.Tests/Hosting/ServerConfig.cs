using System.Text.Json;
using Outcomes.Jobs.Configuration;

namespace Outcomes.Jobs.Tests.Hosting;

/// <summary>Writes jobs settings as the JSON file <c>outcomes serve --config</c> reads.</summary>
internal static class ServerConfig
{
    public static string Write(JobsOptions options, string folder)
    {
        var path = Path.Combine(folder, "outcomes.jobs.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { Jobs = options }));
        return path;
    }
}
