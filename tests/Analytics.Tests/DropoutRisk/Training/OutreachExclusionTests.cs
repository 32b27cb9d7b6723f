using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Analytics.Tests.DropoutRisk.Scoring;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Training;

/// <summary>
/// The feedback loop: outreach recorded on the flags raised on 15 November 2025 (<see cref="LateAndUnsentSourcesCenter"/>)
/// keeps the snapshots whose horizon it reached out of training and testing.
/// </summary>
[Collection(LateAndUnsentSourcesCollection.Name)]
public sealed class OutreachExclusionTests(LateAndUnsentSourcesCenter center)
{
    [Fact]
    public async Task Snapshots_whose_horizon_reached_a_flag_with_outreach_are_marked_and_only_those()
    {
        var outreach = await center.Database.QueryAsync<(long EpisodeKey, DateOnly RaisedOn)>(
            "select episode_key, raised_on from risk_flag where status = 'outreach_done'");
        bool Reached(long episode, DateOnly day) => outreach.Any(o => o.EpisodeKey == episode && o.RaisedOn <= day.AddDays(30));

        Assert.NotEmpty(outreach);
        Assert.Equal(center.Mid.Raised, outreach.Count);
        Assert.All(center.AfterOutreach, s => Assert.Equal(Reached(s.EpisodeKey, s.SnapshotDate), s.OutreachWithinHorizon));
        Assert.Contains(center.AfterOutreach, s => s.OutreachWithinHorizon && s.SnapshotDate < LateAndUnsentSourcesCenter.MidDay);
        Assert.DoesNotContain(center.Snapshots, s => s.OutreachWithinHorizon);
    }

    [Fact]
    public void Retraining_leaves_out_the_labelled_snapshots_outreach_reached_and_counts_them()
    {
        var reached = center.AfterOutreach.Count(s => s.DroppedOutWithinHorizon is not null && s.MissingSource is null && s.OutreachWithinHorizon);

        Assert.True(reached > 0);
        Assert.Equal(reached, center.Retrained.ExcludedForOutreach);
        Assert.Equal(center.Trained.TrainingRows + center.Trained.TestRows - reached, center.Retrained.TrainingRows + center.Retrained.TestRows);
        Assert.DoesNotContain(center.AfterOutreach.Where(DropoutModelTrainer.Usable), s => s.OutreachWithinHorizon);
        Assert.Equal(0, center.Trained.ExcludedForOutreach);
    }
}
