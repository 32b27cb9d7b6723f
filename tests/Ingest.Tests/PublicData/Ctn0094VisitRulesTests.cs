using Outcomes.Ingest.PublicData.Ctn0094;
using Xunit;

namespace Outcomes.Ingest.Tests.PublicData;

/// <summary>Each named visit-label rule, with the labels the release writes and the spellings a newer release may.</summary>
public sealed class Ctn0094VisitRulesTests
{
    [Theory]
    [InlineData("BASELINE")]
    [InlineData("Baseline")]
    public void The_baseline_rule_reads_the_intake_visit(string label) =>
        Assert.Equal(("baseline", Ctn0094VisitKind.Baseline, "BASELINE"), Read(label));

    [Theory]
    [InlineData("WK0", 0, "WK0")]
    [InlineData("WK24", 24, "WK24")]
    [InlineData("wk32", 32, "WK32")]
    [InlineData("Week 5", 5, "WK5")]
    [InlineData("WK-07", 7, "WK7")]
    public void The_week_rule_reads_a_week_after_randomisation_naming_no_phase(string label, int week, string canonical)
    {
        var read = Ctn0094VisitRules.Classify(label);
        Assert.Equal(("week", Ctn0094VisitKind.Week, null, week, canonical), (read?.Rule, read?.Kind, read?.Phase, read?.Week, read?.Canonical));
    }

    [Theory]
    [InlineData("P1Wk4", 1, 4, "P1WK4")]
    [InlineData("P2Wk12", 2, 12, "P2WK12")]
    [InlineData("p2 week 3", 2, 3, "P2WK3")]
    public void The_phase_week_rule_reads_a_week_of_a_named_phase(string label, int phase, int week, string canonical)
    {
        var read = Ctn0094VisitRules.Classify(label);
        Assert.Equal(("phase-week", Ctn0094VisitKind.Week, phase, week, canonical), (read?.Rule, read?.Kind, read?.Phase, read?.Week, read?.Canonical));
    }

    [Theory]
    [InlineData("P1Final", 1)]
    [InlineData("P2FinalWk", 2)]
    [InlineData("P1 Final Visit", 1)]
    public void The_phase_final_rule_reads_the_boundary_of_a_phase(string label, int phase)
    {
        var read = Ctn0094VisitRules.Classify(label);
        Assert.Equal(("phase-final", Ctn0094VisitKind.EndOfPhase, phase), (read?.Rule, read?.Kind, read?.Phase));
    }

    [Theory]
    [InlineData("EOT")]
    [InlineData("End of treatment")]
    public void The_end_of_treatment_rule_reads_the_final_assessment(string label) =>
        Assert.Equal(("end-of-treatment", Ctn0094VisitKind.EndOfTreatment, "EOT"), Read(label));

    [Theory]
    [InlineData("M1F", 1)]
    [InlineData("M3F", 3)]
    [InlineData("M6 Follow-up", 6)]
    public void The_month_follow_up_rule_reads_months_after_the_end_of_treatment(string label, int months)
    {
        var read = Ctn0094VisitRules.Classify(label);
        Assert.Equal(("month-follow-up", Ctn0094VisitKind.MonthFollowUp, months), (read?.Rule, read?.Kind, read?.Months));
    }

    [Theory]
    [InlineData("Cross Active Study")]
    [InlineData("cross-active-study")]
    public void The_cross_active_study_rule_reads_a_visit_of_another_study(string label) =>
        Assert.Equal(("cross-active-study", Ctn0094VisitKind.CrossActiveStudy, "CROSS-ACTIVE-STUDY"), Read(label));

    [Theory]
    [InlineData("WK99X")]
    [InlineData("P0Wk3")]
    [InlineData("WK 5 repeat")]
    [InlineData("Screening")]
    [InlineData("")]
    [InlineData("WK1234")]
    public void A_label_no_rule_knows_is_not_read(string label) => Assert.Null(Ctn0094VisitRules.Classify(label));

    private static (string?, Ctn0094VisitKind?, string?) Read(string label)
    {
        var read = Ctn0094VisitRules.Classify(label);
        return (read?.Rule, read?.Kind, read?.Canonical);
    }
}
