using System.CommandLine;
using System.Globalization;
using Dapper;
using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Analytics.Runs;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands;

/// <summary><c>outcomes flags list | review | outcomes | export</c>: the quality team's work on early-dropout flags.</summary>
internal static class FlagCommands
{
    public static Command Create(CliContext context)
    {
        var flags = new Command("flags", "Early-dropout risk flags: the worklist, its review, and how useful the flags were.");
        flags.Subcommands.Add(List(context));
        flags.Subcommands.Add(Review(context));
        flags.Subcommands.Add(Usefulness(context));
        flags.Subcommands.Add(ReportCommand.CreateFlagExport(context));
        return flags;
    }

    private static Command List(CliContext context)
    {
        var facility = CliOptions.Facility("Only this facility's flags.");
        var status = CliOptions.OneOf("--status", "active (open or acknowledged: the worklist), open, acknowledged, outreach_done, dismissed, or all.",
            ["active", "all", .. FlagStatus.All], required: false, defaultValue: "active");
        var list = new Command("list", "List flags, newest first (no identifiers: episodes by surrogate key).") { facility, status };
        list.SetAction(async (parse, ct) =>
        {
            var wanted = parse.GetValue(status)!;
            IReadOnlyList<string> statuses = wanted switch
            {
                "active" => FlagStatus.Active,
                "all" => [],
                _ => [wanted],
            };
            await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
            var rows = await new FlagStore(dataSource).ListAsync(parse.GetValue(facility), statuses, ct);
            var table = new TextTable("flag", "facility", "level", "raised", "risk", "rank", "status", "last review", "left care", "reasons");
            foreach (var f in rows)
            {
                table.Add(f.FlagId, f.FacilityId, f.LevelOfCare.ToUpperInvariant(), f.RaisedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    f.Probability.ToString("P0", CultureInfo.InvariantCulture), f.RankInFacility, f.Status,
                    f.LastReviewerRole is null ? "" : $"{f.LastReviewerRole}{(f.LastAction is null ? "" : $": {f.LastAction}")}",
                    f.LeftCareOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", string.Join("; ", f.Reasons));
            }

            if (table.Count == 0)
            {
                context.Output.WriteLine("No flags in that status. Flags are raised by: outcomes score");
            }
            else
            {
                table.Write(context.Output);
            }

            return 0;
        });
        return list;
    }

    private static Command Review(CliContext context)
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
        review.SetAction(async (parse, ct) =>
        {
            await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
            var step = new FlagReview(parse.GetValue(flag), parse.GetValue(status)!, parse.GetValue(role)!, parse.GetValue(reviewer),
                parse.GetValue(action), parse.GetValue(note));
            await new FlagStore(dataSource).ReviewAsync(step, context.Time.GetUtcNow(), ct);
            context.Output.WriteLine($"Flag {step.FlagId} is now {step.ToStatus}.");
            return 0;
        });
        return review;
    }

    private static Command Usefulness(CliContext context)
    {
        var usefulness = new Command("outcomes", "How useful the flags were, per facility and month raised: review, precision once the horizon has passed, patients retained after outreach, alert burden.");
        usefulness.SetAction(async (_, ct) =>
        {
            await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var through = await DataThrough.LatestAsync(connection, ct)
                ?? throw new InvalidOperationException("There are no episodes yet: ingest a drop folder first.");
            var rows = await new FlagStore(dataSource).UsefulnessAsync(through, ct);
            var table = new TextTable("month", "facility", "raised", "per week", "reviewed", "outreach", "dismissed", "matured", "left unplanned (precision)", "retained after outreach");
            foreach (var r in rows)
            {
                table.Add(r.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), r.FacilityId, r.Raised, r.FlagsPerWeek.ToString("F1", CultureInfo.InvariantCulture),
                    r.Reviewed, r.OutreachDone, r.Dismissed, r.Matured,
                    r.Precision is { } p ? string.Create(CultureInfo.InvariantCulture, $"{r.DroppedOut} ({p:P0})") : "–",
                    r.RetainedAfterOutreachShare is { } k ? string.Create(CultureInfo.InvariantCulture, $"{r.RetainedAfterOutreach} of {r.MaturedWithOutreach} ({k:P0})") : "–");
            }

            if (table.Count == 0)
            {
                context.Output.WriteLine("No flags yet. Flags are raised by: outcomes score");
            }
            else
            {
                context.Output.WriteLine($"Data through {through:yyyy-MM-dd}; a flag has matured when its horizon has passed.");
                table.Write(context.Output);
            }

            return 0;
        });
        return usefulness;
    }
}
