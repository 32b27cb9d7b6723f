using System.Reflection;
using System.Runtime.CompilerServices;
using Outcomes.Analytics.Runs;
using Outcomes.Database.Connection;
using Outcomes.Ingest.Loading;
using Outcomes.Jobs.Hosting;
using Outcomes.Pipeline.Reports;
using Outcomes.Reports.Monthly;
using Outcomes.Synthetic.Cohort;
using Xunit;

namespace Outcomes.Cli.Tests.Source;

/// <summary>
/// The libraries the CLI calls give it public entry points and keep the rest internal: they open their internals to
/// their tests only, never to the <c>outcomes</c> program or another production assembly.
/// </summary>
public sealed class LibraryInternalsTests
{
    public static TheoryData<string> Libraries() =>
    [
        typeof(DatabaseSettings).Assembly.GetName().Name!,
        typeof(FolderIngestor).Assembly.GetName().Name!,
        typeof(AnalysisRuns).Assembly.GetName().Name!,
        typeof(WriteMonthlyReports).Assembly.GetName().Name!,
        typeof(MonthlyReport).Assembly.GetName().Name!,
        typeof(CohortGenerator).Assembly.GetName().Name!,
        typeof(JobsHost).Assembly.GetName().Name!,
    ];

    [Theory]
    [MemberData(nameof(Libraries))]
    public void A_library_opens_its_internals_to_test_assemblies_only(string library)
    {
        var opened = Assembly.Load(library).GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).ToList();

        Assert.NotEmpty(opened);
        Assert.All(opened, name => Assert.EndsWith(".Tests", name, StringComparison.Ordinal));
    }
}
