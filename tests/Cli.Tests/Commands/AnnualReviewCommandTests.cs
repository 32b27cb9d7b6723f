using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

/// <summary><c>outcomes annual-review</c> end to end: ingest, a target, an action plan, the review's two files.</summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class AnnualReviewCommandTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-annual-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Annual_review_writes_the_workbook_and_the_document_and_counts_the_verdicts()
    {
        var drop = AnnualDrop.Write(Path.Combine(_folder, "drop"));
        var cs = database.ConnectionString;
        await CliProcess.RunAsync(cs, "ingest", drop);
        var set = await CliProcess.RunAsync(cs, "targets", "set", "completion", "--at-least", "0.5", "--from", "2026-01-01");
        Assert.True(set.ExitCode == 0, set.Output + set.Errors);
        var target = await database.ScalarAsync<long>("select target_id from outcome_target");
        var add = await CliProcess.RunAsync(cs, "actions", "add", "--target", target.ToString(System.Globalization.CultureInfo.InvariantCulture), "--period", "2026-Q1",
            "--action", "Same-day calls after a missed group", "--owner-role", "program director", "--due", "2026-06-30", "--decided-on", "2026-04-15");
        Assert.True(add.ExitCode == 0, add.Output + add.Errors);
        Assert.Equal(new DateOnly(2026, 4, 15), await database.ScalarAsync<DateOnly>("select decided_on from action_plan"));

        var note = await CliProcess.RunAsync(cs, "targets", "note", target.ToString(System.Globalization.CultureInfo.InvariantCulture), "--year", "2026",
            "--analysis", "Completion rose each quarter after the same-day calls began.", "--extenuating-factors", "A counsellor post was vacant from March to June.");
        Assert.True(note.ExitCode == 0, note.Output + note.Errors);

        var out_ = Path.Combine(_folder, "out");
        var review = await CliProcess.RunAsync(cs, "annual-review", "--year", "2026", "--out", out_, "--data-through", "2026-09-30");

        Assert.True(review.ExitCode == 0, review.Output + review.Errors);
        Assert.True(File.Exists(Path.Combine(out_, "annual-review-2026.xlsx")));
        Assert.True(File.Exists(Path.Combine(out_, "annual-review-2026.html")));
        // Completion for IOP (45 of 90 against at least 50%: the interval includes the target, cannot tell), PHP and OP (too
        // few: not assessable); one plan, shown for each of the three.
        Assert.Contains("3 target figures: 0 met, 0 not met, 1 cannot tell, 2 not assessable; 3 action plans; 0 missed with no action plan.", review.Output, StringComparison.Ordinal);
        var html = File.ReadAllText(Path.Combine(out_, "annual-review-2026.html"));
        Assert.DoesNotContain(AnnualDrop.PatientPrefix, html, StringComparison.Ordinal);
        // The note written through the command stands in the review's written analysis.
        Assert.Contains("<td class=\"text\">Completion rose each quarter after the same-day calls began.</td><td class=\"text\">A counsellor post was vacant from March to June.</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_year_after_the_data_is_refused_with_a_message_saying_why()
    {
        // 2027: within the years the command line takes (up to next year), after the data.
        var review = await CliProcess.RunAsync(database.ConnectionString, "annual-review", "--year", "2027", "--out", Path.Combine(_folder, "none"), "--data-through", "2026-09-30");

        Assert.Equal(1, review.ExitCode);
        Assert.Contains("nothing of 2027 to review yet", review.Errors, StringComparison.Ordinal);
    }
}
