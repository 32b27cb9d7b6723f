using Outcomes.Ingest.Contract.Instruments;
using Xunit;

namespace Outcomes.Ingest.Tests.Contract;

/// <summary>
/// The instrument catalogue holds together as the instruments are published: a total's range is its items' range times
/// their number, a subscale's range its items', every band and cut-off lies within the range, and docs/instruments.md
/// names every instrument with its range.
/// </summary>
public sealed class InstrumentCatalogueTests
{
    public static TheoryData<string> Codes => [.. InstrumentCatalogue.BuiltIn.Select(i => i.Code)];

    [Theory]
    [MemberData(nameof(Codes))]
    public void A_total_runs_from_every_item_at_its_lowest_to_every_item_at_its_highest(string code)
    {
        var instrument = InstrumentCatalogue.Find(code, [])!;
        if (instrument.HasTotal)
        {
            Assert.Equal(instrument.ItemNumbers.Count * instrument.ItemMin, instrument.TotalMin);
            Assert.Equal(instrument.ItemNumbers.Count * instrument.ItemMax, instrument.TotalMax);
        }

        Assert.All(instrument.Subscales, s =>
        {
            Assert.All(s.Items, n => Assert.Contains(n, instrument.ItemNumbers));
            Assert.Equal((s.Items.Count * instrument.ItemMin, s.Items.Count * instrument.ItemMax), (s.Min, s.Max));
        });
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Bands_and_cut_offs_lie_within_the_range_and_a_reliability_is_a_correlation(string code)
    {
        var instrument = InstrumentCatalogue.Find(code, [])!;

        Assert.All(instrument.Bands, b => Assert.InRange(b.From, instrument.TotalMin!.Value, instrument.TotalMax!.Value));
        Assert.Equal(instrument.Bands.OrderBy(b => b.From), instrument.Bands);
        if (instrument.ClinicalCutOff is { } cut)
        {
            Assert.InRange(cut, instrument.TotalMin!.Value, instrument.TotalMax!.Value);
        }

        Assert.All(instrument.OtherReliabilities.Append(instrument.ReliabilityForChange).OfType<Reliability>(), r => Assert.InRange(r.Coefficient, 0.5, 1));
        Assert.False(string.IsNullOrWhiteSpace(instrument.Source));
    }

    [Fact]
    public void Published_cut_offs_and_bands_read_as_the_sources_give_them()
    {
        Assert.Equal((true, false), (InstrumentCatalogue.Phq9.IsClinical(10), InstrumentCatalogue.Phq9.IsClinical(9)));
        Assert.Equal("moderately severe", InstrumentCatalogue.Phq9.BandOf(19)?.Label);
        Assert.Equal("severe", InstrumentCatalogue.Gad7.BandOf(15)?.Label);
        Assert.Equal((true, false), (InstrumentCatalogue.Pcl5.IsClinical(33), InstrumentCatalogue.Pcl5.IsClinical(32)));
        Assert.Null(InstrumentCatalogue.Bam.ReliabilityForChange);
        Assert.Equal(0.84, InstrumentCatalogue.Phq9.ReliabilityForChange?.Coefficient);
    }

    [Fact]
    public void Codes_are_found_as_contract_codes_are_matched_and_a_program_may_not_take_a_built_in_code()
    {
        var own = Instrument.ProgramDefined("Recovery Check", "Weekly recovery check", InstrumentPurpose.Progress, 0, 40, ScoreDirection.HigherIsBetter);

        Assert.Same(InstrumentCatalogue.Phq9, InstrumentCatalogue.Find(" PHQ-9 ", []));
        Assert.Same(InstrumentCatalogue.Gad7, InstrumentCatalogue.Find("gad 7", []));
        Assert.Null(InstrumentCatalogue.Find("phq9", []));
        Assert.Same(own, InstrumentCatalogue.Find("recovery-check", [own]));
        Assert.Throws<ArgumentException>(() => Instrument.ProgramDefined("PHQ-9", "ours", InstrumentPurpose.Progress, 0, 27, ScoreDirection.HigherIsWorse));
        Assert.Throws<ArgumentException>(() => Instrument.ProgramDefined("mine", "ours", InstrumentPurpose.Progress, 10, 10, ScoreDirection.HigherIsWorse));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void The_instruments_page_names_each_instrument_with_its_range(string code)
    {
        var instrument = InstrumentCatalogue.Find(code, [])!;
        var page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "instruments.md"));
        var row = page.Split('\n').SingleOrDefault(l => l.StartsWith($"| `{code}` |", StringComparison.Ordinal));

        Assert.NotNull(row);
        Assert.Contains(instrument.HasTotal ? $"| {instrument.TotalMin}–{instrument.TotalMax} |" : "| no total;", row, StringComparison.Ordinal);
        Assert.All(instrument.Subscales, s => Assert.Contains($"| `{s.Name}` |", page, StringComparison.Ordinal));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Outcomes.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Outcomes.sln not found above the test folder.");
    }
}
