using Outcomes.Ingest.PublicData.Ctn0094;
using Xunit;

namespace Outcomes.Ingest.Tests.PublicData;

public sealed class Ctn0094ScheduleTests
{
    [Fact]
    public void The_planned_weeks_are_the_run_of_consecutive_weekly_labels_and_weeks_after_a_gap_are_follow_ups()
    {
        // CTN-0027's labels: WK0 … WK24, then WK28 and WK32 (follow-up); a phased trial: P1Wk1 … P1Wk4, P2Wk1 … P2Wk12.
        var labels = Enumerable.Range(0, 25).Concat([28, 32]).Select(w => ("27", $"WK{w}"))
            .Concat(Enumerable.Range(1, 4).Select(w => ("30", $"P1Wk{w}")))
            .Concat(Enumerable.Range(1, 12).Select(w => ("30", $"P2Wk{w}")))
            .Select(l => (l.Item1, Ctn0094VisitRules.Classify(l.Item2)!));

        var schedule = Ctn0094Schedule.From(labels);

        Assert.Equal(24, schedule.PlannedWeeks("27", 1));
        Assert.True(schedule.IsTreatmentWeek("27", Ctn0094VisitRules.Classify("WK24")!));
        Assert.False(schedule.IsTreatmentWeek("27", Ctn0094VisitRules.Classify("WK28")!));
        Assert.Equal((4, 12), (schedule.PlannedWeeks("30", 1), schedule.PlannedWeeks("30", 2)));
        Assert.Null(schedule.PlannedWeeks("51", 1));
    }
}
