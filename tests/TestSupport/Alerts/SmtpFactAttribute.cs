using Xunit;

namespace Outcomes.TestSupport.Alerts;

/// <summary>
/// A test that sends mail to a real SMTP server (aiosmtpd): skipped, with the reason, on a machine without it, but never
/// on CI, where <c>scripts/prerequisites.sh --tests</c> installs it and a missing server must fail.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SmtpFactAttribute : FactAttribute
{
    public SmtpFactAttribute()
    {
        if (!SmtpServer.Installed && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "python3-aiosmtpd is not installed (scripts/prerequisites.sh --tests installs it): alert emails cannot be received.";
        }
    }
}
