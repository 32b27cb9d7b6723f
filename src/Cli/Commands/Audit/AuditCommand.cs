using System.CommandLine;

namespace Outcomes.Cli.Commands.Audit;

/// <summary><c>outcomes audit list | verify</c>: the audit trail, read with the administrator's connection.</summary>
internal static class AuditCommand
{
    public static Command Create(CliContext context) =>
        new("audit", "The audit trail: every export, flag review, target and action-plan change, access change, backup and restore.")
        {
            AuditListCommand.Create(context),
            AuditVerifyCommand.Create(context),
        };
}
