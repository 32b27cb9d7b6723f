using Outcomes.Analytics.Adjustment;
using Xunit;

namespace Outcomes.Analytics.Tests.Adjustment;

public sealed class LogisticRegressionTests
{
    [Fact]
    public void A_single_binary_covariate_gives_the_log_odds_of_each_group_by_hand()
    {
        // x = 0: 2 events of 10, x = 1: 6 of 10. A saturated model reproduces the group odds exactly:
        // intercept = ln(2/8) = -1.3863, slope = ln(6/4) - ln(2/8) = 1.7918.
        var covariates = new List<double[]>();
        var outcomes = new List<bool>();
        Add(covariates, outcomes, x: 0, events: 2, total: 10);
        Add(covariates, outcomes, x: 1, events: 6, total: 10);

        var model = LogisticRegression.Fit(covariates, outcomes);

        Assert.True(model.Converged);
        Assert.Equal(Math.Log(2.0 / 8), model.Coefficients[0], 6);
        Assert.Equal(Math.Log(6.0 / 4) - Math.Log(2.0 / 8), model.Coefficients[1], 6);
        Assert.Equal(0.6, model.Predict([1]), 6);
    }

    [Fact]
    public void Rows_with_counts_give_the_log_odds_of_each_group_by_hand()
    {
        // The same two groups as above given as four rows with counts (x, outcome, count): the fit is the same
        // saturated model, intercept ln(2/8) and slope ln(6/4) - ln(2/8).
        double[][] covariates = [[0], [0], [1], [1]];
        bool[] outcomes = [true, false, true, false];
        int[] counts = [2, 8, 6, 4];

        var model = LogisticRegression.Fit(covariates, outcomes, counts);

        Assert.True(model.Converged);
        Assert.Equal(Math.Log(2.0 / 8), model.Coefficients[0], 6);
        Assert.Equal(Math.Log(6.0 / 4) - Math.Log(2.0 / 8), model.Coefficients[1], 6);
    }

    private static void Add(List<double[]> covariates, List<bool> outcomes, double x, int events, int total)
    {
        for (var i = 0; i < total; i++)
        {
            covariates.Add([x]);
            outcomes.Add(i < events);
        }
    }
}
