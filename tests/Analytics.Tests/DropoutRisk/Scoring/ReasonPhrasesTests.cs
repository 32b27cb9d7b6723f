using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Scoring;

/// <summary>The reviewed table of words and actions (<c>ReasonPhrases.tsv</c>) against the model's features.</summary>
public sealed class ReasonPhrasesTests
{
    [Fact]
    public void Every_feature_the_model_reads_has_words_a_value_and_every_modifiable_one_an_action()
    {
        Assert.Empty(ReasonPhrases.Missing(ReasonPhrases.All));
        Assert.Equal(ModelInput.FeatureNames.Order(), ReasonPhrases.All.Keys.Order());
        Assert.Equal(ModelInput.FeatureNames.Order(), RiskReasons.Values.Keys.Order());
        Assert.All(ReasonPhrases.All.Values.Where(p => p.Modifiable), p => Assert.NotEqual(ReasonPhrase.NoAction, p.Action));
    }

    [Fact]
    public void Every_phrase_a_reason_can_be_written_in_is_counted_under_its_own_sign_and_old_words_under_other()
    {
        static IEnumerable<object?> Values(ReasonPhrase phrase) => phrase.Kind switch
        {
            ReasonPhrase.ValueKind.Count => [0, 1, 3],
            ReasonPhrase.ValueKind.Share => [0.5, null],
            ReasonPhrase.ValueKind.Flag => [true, false],
            ReasonPhrase.ValueKind.Number => [12],
            _ => ["FAC01", "self_referral"],
        };

        foreach (var (feature, phrase) in ReasonPhrases.All)
        {
            foreach (var value in Values(phrase))
            {
                var words = phrase.Words(value);
                Assert.Equal(feature, RiskReasons.SignOf($"{words}: raises risk strongly — suggested: {phrase.Action}"));
                Assert.Equal(feature, RiskReasons.SignOf($"{words}: lowers risk"));
            }
        }

        Assert.Equal(RiskReasons.NoSingleSignName, RiskReasons.SignOf(RiskReasons.NoSingleSign));
        Assert.Equal(RiskReasons.OtherSignName, RiskReasons.SignOf("an earlier episode of care (+2 points)"));
    }

    [Fact]
    public void A_table_without_a_row_for_a_feature_names_the_feature()
    {
        var shipped = File.ReadAllLines(Path.Combine(RepositoryData.RepositoryRoot(), "src", "Analytics", "DropoutRisk", "Scoring", "ReasonPhrases.tsv"));
        var withoutFamily = shipped.Where(l => !l.StartsWith("family contacts\t", StringComparison.Ordinal));

        var table = ReasonPhrases.Parse(new StringReader(string.Join('\n', withoutFamily)));

        Assert.Equal(["family contacts"], ReasonPhrases.Missing(table));
    }

    [Fact]
    public void A_modifiable_sign_without_an_action_a_row_of_five_cells_or_a_separator_in_a_cell_is_refused_with_its_line()
    {
        const string Header = "feature\tsign\tkind\tpresent\tabsent\taction";

        var noAction = Assert.Throws<InvalidDataException>(() => ReasonPhrases.Parse(new StringReader(
            $"# comment\n{Header}\nfamily contacts\tmodifiable\tcount\t{{n}} family session{{s}}\tno family session yet\tnone")));
        var fiveCells = Assert.Throws<InvalidDataException>(() => ReasonPhrases.Parse(new StringReader(
            $"{Header}\nfamily contacts\tmodifiable\tcount\t{{n}} family session{{s}}\tno family session yet")));

        var separator = Assert.Throws<InvalidDataException>(() => ReasonPhrases.Parse(new StringReader(
            $"{Header}\nfamily contacts\tmodifiable\tcount\t{{n}} family session{{s}}\tno family session yet\tcall; then offer a family session")));

        Assert.Equal("ReasonPhrases.tsv line 3: expected a modifiable sign suggests an action.", noAction.Message);
        Assert.Equal("ReasonPhrases.tsv line 2: expected no ';' or '|' in a cell.", separator.Message);
        Assert.Equal("ReasonPhrases.tsv line 2: expected a row has six non-empty tab-separated cells.", fiveCells.Message);
    }

    [Fact]
    public void Words_carry_the_patients_own_value()
    {
        var table = ReasonPhrases.All;

        Assert.Equal("missed the last 3 sessions in a row", table["consecutive missed sessions"].Words(3));
        Assert.Equal("missed the last session", table["consecutive missed sessions"].Words(1));
        Assert.Equal("1 positive drug screen in care", table["positive screens"].Words(1));
        Assert.Equal("at facility FAC01", table["facility"].Words("FAC01"));
        Assert.Equal("attended the last session", table["consecutive missed sessions"].Words(0));
        Assert.Equal("attended 40 % of expected sessions in the last 7 days", table["attendance last 7 days"].Words((double?)0.4));
        Assert.Equal("no session expected in the last 7 days", table["attendance last 7 days"].Words(null));
        Assert.Equal("no family session yet", table["family contacts"].Words(0));
        Assert.Equal("in partial hospitalization (PHP)", table["PHP"].Words(true));
        Assert.Equal("referral source: criminal justice", table["referral source"].Words("criminal_justice"));
    }
}
