using Outcomes.Database.Access;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Database.Tests.Access;

/// <summary>"All facilities or these", spelled one way: no facility named is all of them.</summary>
public sealed class FacilityScopeTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public void No_facility_given_is_all_facilities_and_a_given_one_is_that_facility_even_when_named_like_all()
    {
        Assert.Same(FacilityScope.All, FacilityScope.Parse(null));
        Assert.Same(FacilityScope.All, FacilityScope.Parse(""));
        Assert.Same(FacilityScope.All, FacilityScope.Of([]));
        Assert.Null(FacilityScope.All.SingleOrAll);
        Assert.Equal("all-facilities", FacilityScope.All.Name);
        Assert.Equal("all facilities", FacilityScope.All.ToString());

        // A facility id is data: whatever it is called, it is one facility, never "all".
        var named = FacilityScope.Parse("all-facilities");
        Assert.False(named.IsAll);
        Assert.Equal("all-facilities", named.SingleOrAll);
        Assert.Equal(FacilityScope.Of("FAC01"), FacilityScope.Parse("FAC01"));
        Assert.Equal("facility FAC01", FacilityScope.Parse("FAC01").ToString());
    }

    [Fact]
    public void Several_facilities_are_kept_once_each_in_order_and_are_no_single_population()
    {
        var scope = FacilityScope.Of(["south", "north", "south"]);

        Assert.Equal(["north", "south"], scope.Facilities);
        Assert.Equal(FacilityScope.Of(["north", "south"]), scope);
        Assert.Equal(FacilityScope.Of(["north", "south"]).GetHashCode(), scope.GetHashCode());
        Assert.Equal("north+south", scope.Name);
        var refused = Assert.Throws<InvalidOperationException>(() => scope.SingleOrAll);
        Assert.Contains("north, south", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_with_no_facility_limit_sees_all_facilities()
    {
        Assert.Same(FacilityScope.All, await FacilityScope.OfLoginAsync(database.DataSource));
    }
}
