using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Features;

/// <summary>
/// The one censoring rule, as PostgreSQL runs it (<see cref="CensoringRule.LabelSql"/>, the label every use reads from
/// <see cref="SnapshotQuery"/>) and as code states it (<see cref="CensoringRule.Label"/>), on cases written out by hand:
/// a 30-day horizon, data through 30 June 2026.
/// </summary>
public sealed class CensoringRuleTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const int Horizon = 30;
    private static readonly DateOnly Through = new(2026, 6, 30);

    // (snapshot day, discharged on, reason, the label by hand)
    public static readonly TheoryData<string, string?, string?, bool?> Cases = new()
    {
        // The window ends on 30 June, the data-through date itself: complete.
        { "2026-05-31", "2026-06-10", "dropped_out", true },
        { "2026-05-31", "2026-06-30", "left_against_advice", true },
        { "2026-05-31", "2026-06-10", "completed", false },
        { "2026-05-31", null, null, false },
        // Discharged unplanned after the window: no event within the horizon.
        { "2026-05-01", "2026-06-15", "dropped_out", false },
        // The window ends on 1 July, a day past the data: cut, so unlabelled — discharged inside it or not.
        { "2026-06-01", "2026-06-10", "dropped_out", null },
        { "2026-06-01", "2026-06-10", "completed", null },
        { "2026-06-01", null, null, null },
        { "2026-06-25", "2026-06-28", "left_against_advice", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_label_is_the_same_in_sql_and_in_code_and_a_window_the_data_through_date_cuts_has_none(
        string snapshot, string? discharged, string? reason, bool? expected)
    {
        var snapshotDate = DateOnly.Parse(snapshot, System.Globalization.CultureInfo.InvariantCulture);
        DateOnly? dischargedOn = discharged is null ? null : DateOnly.Parse(discharged, System.Globalization.CultureInfo.InvariantCulture);

        var inSql = Assert.Single(await database.QueryAsync<bool?>(
            $"select {CensoringRule.LabelSql} from (select @Snapshot::date as snapshot_date, @Discharged::date as discharged_on, @Reason::text as discharge_reason) s",
            new { Snapshot = snapshotDate, Discharged = dischargedOn, Reason = reason, Horizon, Through, Unplanned = OutcomeDefinitions.UnplannedReasons.ToArray() }));
        var inCode = CensoringRule.Label(snapshotDate, dischargedOn, reason is not null && OutcomeDefinitions.UnplannedReasons.Contains(reason), Horizon, Through);

        Assert.Equal(expected, inSql);
        Assert.Equal(expected, inCode);
        Assert.Equal(expected is not null, CensoringRule.WindowComplete(snapshotDate, Horizon, Through));
    }
}
