using System.IO.Compression;
using System.Text.Json;
using Microsoft.Playwright;
using Outcomes.Analytics.Periods;
using Outcomes.Reports.AuditPack;
using Outcomes.Reports.Output;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Reports.Tests.AuditPack;

/// <summary>The accreditation chart pack for a year: files, manifest, and the page as a browser shows it.</summary>
[Collection(ReportDatabaseCollection.Name)]
public sealed class AuditPackTests(ReportDatabase fixture) : IAsyncLifetime
{
    private static readonly string[] ChartIds =
    [
        "retention", "discharge_outcomes", "differences", "course_balance", "trends", "attendance", "family_involvement", "relapse", "abstinence",
        "score_change", "access_funnel", "satisfaction", "calibration", "risk_distribution",
    ];

    /// <summary>The charts of data contract v2's figures and the standards they back, each claimed only by them.</summary>
    private static readonly Dictionary<string, string[]> MeasurementStandards = new(StringComparer.Ordinal)
    {
        ["score_change"] = ["The Joint Commission CTS.03.01.09", "CARF 1.M (effectiveness)", "CARF 1.N"],
        ["access_funnel"] = ["CARF 1.M (efficiency)", "CARF 1.M (service access)"],
        ["satisfaction"] = ["CARF 1.M (satisfaction)"],
    };

    private AuditPackWriter.Result _pack = null!;
    private JsonElement _manifest;

    public async Task InitializeAsync()
    {
        _pack = await StoredFirst.AuditPackAsync(fixture.Database.DataSource, fixture.Policy, ReportingPeriod.Parse("2026"), null, fixture.NewFolder("pack"));
        _manifest = JsonDocument.Parse(await File.ReadAllTextAsync(_pack.ManifestPath)).RootElement;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Every_chart_is_in_the_pack_as_png_and_svg()
    {
        foreach (var id in ChartIds)
        {
            Assert.True(File.Exists(Path.Combine(_pack.Folder, "charts", id + ".png")), id);
            Assert.True(File.Exists(Path.Combine(_pack.Folder, "charts", id + ".svg")), id);
        }
    }

    [Fact]
    public void Manifest_hashes_match_the_files_they_name()
    {
        var files = _manifest.GetProperty("charts").EnumerateArray().SelectMany(c => c.GetProperty("files").EnumerateArray())
            .Append(_manifest.GetProperty("index")).ToList();
        Assert.Equal((2 * ChartIds.Length) + 1, files.Count);
        foreach (var file in files)
        {
            var path = Path.Combine(_pack.Folder, file.GetProperty("path").GetString()!);
            Assert.Equal(file.GetProperty("sha256").GetString(), AuditPackWriter.Sha256(path));
        }
    }

    [Fact]
    public void Manifest_gives_each_chart_its_period_population_n_counts_suppression_completeness_run_version_and_standards()
    {
        var runId = _manifest.GetProperty("analysis_run_id").GetString();
        Assert.Equal("2026", _manifest.GetProperty("period").GetProperty("label").GetString());
        var charts = _manifest.GetProperty("charts").EnumerateArray().ToList();
        Assert.Equal(ChartIds, charts.Select(c => c.GetProperty("id").GetString()));
        foreach (var chart in charts)
        {
            Assert.Equal("2026, January to June", chart.GetProperty("period").GetString());
            Assert.Equal("All facilities", chart.GetProperty("population").GetString());
            Assert.False(string.IsNullOrEmpty(chart.GetProperty("n").GetString()));
            if (chart.GetProperty("id").GetString() == "course_balance")
            {
                // No course begun in 2026 has had its 180-day window by the end of the data: nothing to compare yet.
                Assert.Empty(chart.GetProperty("figures").EnumerateArray());
            }
            else
            {
                Assert.NotEmpty(chart.GetProperty("figures").EnumerateArray());
            }

            Assert.Contains("<11", chart.GetProperty("suppression").GetProperty("rule").GetString(), StringComparison.Ordinal);
            Assert.NotEmpty(chart.GetProperty("data_completeness").EnumerateArray());
            Assert.Equal(runId, chart.GetProperty("analysis_run_id").GetString());
            Assert.False(string.IsNullOrEmpty(chart.GetProperty("software_version").GetString()));
            var standards = chart.GetProperty("standards").EnumerateArray().Select(s => s.GetProperty("body").GetString()).ToList();
            var claims = chart.GetProperty("standards").EnumerateArray().Select(s => $"{s.GetProperty("body").GetString()} {s.GetProperty("reference").GetString()}").ToList();
            if (MeasurementStandards.TryGetValue(chart.GetProperty("id").GetString()!, out var backed))
            {
                // The change on standardised instruments, the access funnel and the satisfaction bars claim what their files back.
                Assert.Equal(backed, claims);
                continue;
            }

            // Only the chart of change on a standardised instrument claims The Joint Commission's CTS.03.01.09, and only the
            // access and satisfaction charts CARF 1.M's efficiency, access and satisfaction.
            Assert.DoesNotContain("The Joint Commission", standards);
            Assert.DoesNotContain(claims, c => c is "CARF 1.M (efficiency)" or "CARF 1.M (service access)" or "CARF 1.M (satisfaction)");
            Assert.Contains("SAMHSA NOMS", standards);
            Assert.Contains("CARF", standards);
        }

        var discharge = charts.Single(c => c.GetProperty("id").GetString() == "discharge_outcomes").GetProperty("figures").EnumerateArray()
            .First(f => f.GetProperty("figure").GetString() == "Completion" && f.GetProperty("level").GetString() == "All levels");
        Assert.Matches("^[0-9,]+$", discharge.GetProperty("numerator").GetString()!);
        Assert.Matches("^[0-9,]+$", discharge.GetProperty("denominator").GetString()!);
    }

    [Fact]
    public void No_number_in_the_manifest_is_a_small_count()
    {
        foreach (var figure in _manifest.GetProperty("charts").EnumerateArray().SelectMany(c => c.GetProperty("figures").EnumerateArray()))
        {
            foreach (var name in new[] { "numerator", "denominator" })
            {
                if (figure.GetProperty(name).GetString() is { } text && long.TryParse(text.Replace(",", "", StringComparison.Ordinal), out var count))
                {
                    Assert.False(fixture.Policy.IsSmall(count), $"{figure}: {name} {count}");
                }
            }
        }
    }

    [Fact]
    public void The_zip_holds_every_file_of_the_pack()
    {
        using var zip = ZipFile.OpenRead(_pack.ZipPath);
        var inZip = zip.Entries.Where(e => e.Length > 0).Select(e => e.FullName.Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        var name = Path.GetFileName(_pack.Folder);
        var onDisk = Directory.EnumerateFiles(_pack.Folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != OutputFolder.MarkerName)
            .Select(f => name + "/" + Path.GetRelativePath(_pack.Folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(onDisk, inZip);
    }

    [ChromiumFact]
    [Trait(TestCategory.Name, TestCategory.Process)]
    public async Task Every_image_of_the_index_page_loads_in_headless_chromium()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(Path.Combine(_pack.Folder, "index.html")).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        var images = await page.EvaluateAsync<int[]>("() => Array.from(document.images).map(i => i.complete ? i.naturalWidth : -1)");
        Assert.Equal(ChartIds.Length, images.Length);
        Assert.All(images, width => Assert.True(width > 1000, $"an image did not load (width {width})"));
        Assert.Equal(ChartIds.Length, await page.Locator("figure table").CountAsync());
        Assert.Contains("<11", await page.InnerTextAsync("body"), StringComparison.Ordinal);
    }
}
