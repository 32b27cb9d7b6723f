using System.CommandLine;
using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Cli.Arguments;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Flags;

/// <summary><c>outcomes flags review FLAG --status ... --role ...</c>: one step of a flag's review.</summary>
internal static class FlagsReviewCommand
{
    public static Command Create(CliContext context)
    {
        var flag = CliOptions.Id("flag", "The flag id (see 'outcomes flags list').");
        var status = CliOptions.OneOf("--status", "acknowledged, outreach_done or dismissed.", [FlagStatus.Acknowledged, FlagStatus.OutreachDone, FlagStatus.Dismissed], required: true);
        var role = CliOptions.OneOf("--role", $"The reviewer's role: {string.Join(", ", FlagStatus.ReviewerRoles)}.", FlagStatus.ReviewerRoles, required: true);
        var reviewer = CliOptions.Checked<string?>("--reviewer", "Staff initials (up to four letters) or a staff id holding a digit (never a name; never the patient's).",
            required: false, ArgumentRules.StaffReference);
        var action = CliOptions.OneOf("--action", $"What was done: {string.Join(", ", FlagStatus.Actions)}.", FlagStatus.Actions, required: false);
        var note = CliOptions.Text("--note", "A short note; it stays in the database and is never exported. Keep identifiers out of it.", required: false, FlagStatus.MaxNoteLength);
        var review = new Command("review", "Move a flag along its review: open → acknowledged → outreach_done or dismissed.")
        {
            flag, status, role, reviewer, action, note,
        };
        // The settings are the library's own review step: the command adds nothing to it.
        review.SetAction((parse, ct) => RunAsync(context, new FlagReview(parse.GetValue(flag), parse.GetValue(status)!, parse.GetValue(role)!,
            parse.GetValue(reviewer), parse.GetValue(action), parse.GetValue(note)), ct));
        return review;
    }

    public static async Task<int> RunAsync(CliContext context, FlagReview step, CancellationToken ct)
    {
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
        await new FlagStore(dataSource).ReviewAsync(step, context.Time.GetUtcNow(), ct);
        context.Output.WriteLine($"Flag {step.FlagId} is now {step.ToStatus}.");
        return 0;
    }
}
