namespace Outcomes.Jobs.Tests.Pull;

/// <summary>
/// A test that runs a real OpenSSH server: skipped, with the reason, on a machine without one (a developer's machine
/// that has not run scripts/prerequisites.sh --tests), but never on CI, where a missing sshd must fail.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpenSshFactAttribute : FactAttribute
{
    public OpenSshFactAttribute()
    {
        if (OpenSshServer.Program is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "sshd is not installed (scripts/prerequisites.sh --tests installs openssh-server): the SFTP pull cannot be tried.";
        }
    }
}
