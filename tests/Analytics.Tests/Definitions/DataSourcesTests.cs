using Outcomes.Analytics.Definitions;
using Xunit;

namespace Outcomes.Analytics.Tests.Definitions;

public sealed class DataSourcesTests
{
    [Fact]
    public void Screens_reach_a_day_within_two_weeks_and_family_contacts_within_four()
    {
        var day = new DateOnly(2026, 6, 30);

        Assert.True(DataSources.Covers(DataSources.DrugScreens, day.AddDays(-13), day));
        Assert.False(DataSources.Covers(DataSources.DrugScreens, day.AddDays(-14), day));
        Assert.True(DataSources.Covers(DataSources.FamilyContacts, day.AddDays(-27), day));
        Assert.False(DataSources.Covers(DataSources.FamilyContacts, day.AddDays(-28), day));
        Assert.False(DataSources.Covers(DataSources.DrugScreens, null, day));
    }

    [Fact]
    public void A_source_that_stops_is_named_in_words_with_its_last_date()
    {
        Assert.Equal("no drug-screen data since 2026-05-12", DataSources.NoDataSince(DataSources.DrugScreens, new DateOnly(2026, 5, 12)));
        Assert.Equal("no family-contact data loaded", DataSources.NoDataSince(DataSources.FamilyContacts, null));
        Assert.Equal("drug screens through 2026-05-12", DataSources.ThroughNote(DataSources.DrugScreens, new DateOnly(2026, 5, 12)));
        Assert.Equal("no family contacts loaded", DataSources.ThroughNote(DataSources.FamilyContacts, null));
    }
}
