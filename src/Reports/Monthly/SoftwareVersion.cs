using System.Reflection;

namespace Outcomes.Reports.Monthly;

/// <summary>The version of the software that wrote a report, as built (with the source revision when the build knows it).</summary>
internal static class SoftwareVersion
{
    public static string Current { get; } =
        typeof(SoftwareVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
