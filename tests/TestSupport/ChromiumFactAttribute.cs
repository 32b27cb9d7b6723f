using Xunit;

namespace Outcomes.TestSupport;

/// <summary>
/// A test that opens a page in the machine's headless Chromium: skipped, with the reason, where Chromium is not
/// installed (a machine that ran only what running Outcomes needs), but never on CI, where
/// <c>scripts/prerequisites.sh --tests</c> installs it and a missing browser must fail.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Executable = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"Chromium is not installed at {Executable} (scripts/prerequisites.sh --tests installs it): the page cannot be opened in a browser.";
        }
    }
}
