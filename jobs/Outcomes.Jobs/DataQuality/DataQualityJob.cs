using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Runs;
using Outcomes.Pipeline.Alerts;
using Outcomes.Pipeline.DataQuality;
using Outcomes.Database.Connection;

namespace Outcomes.Jobs.DataQuality;

/// <summary>Daily: <see cref="CheckDataQuality"/> of every source, each finding logged as a warning and stored for the workbook.</summary>
/// <remarks>A stale source and a quarantine spike also raise an alert, cleared on the first day the check no longer finds it.</remarks>
public sealed class DataQualityJob(
    RoleDataSources sources, JobExecution execution, IOptions<JobsOptions> options, TimeProvider time, ILogger<DataQualityJob> logger,
    AlertNotifier? alerts = null)
{
    // The least role the job needs (docs/security.md).
    private readonly NpgsqlDataSource _dataSource = sources.For(DatabaseRole.Analyst);

    public const string Name = "data-quality";

    [JobDisplayName("Check data quality")]
    public Task RunAsync(PerformContext? context, CancellationToken cancellationToken) =>
        execution.RunAsync(Name, "all", context, async ct =>
        {
            var now = time.GetUtcNow();
            var today = options.Value.Today(time);
            var findings = await new CheckDataQuality(_dataSource, [.. options.Value.Sources.Select(s => s.Name)], options.Value.DataQuality).RunAsync(now, today, ct);
            foreach (var f in findings)
            {
                logger.LogWarning("Data quality ({Kind}, {Subject}): {Detail}", f.Kind, f.Subject, f.Detail);
            }

            if (alerts is not null)
            {
                await AlertAsync(alerts, findings, ct);
            }

            return findings.Count == 0 ? "no findings" : $"{findings.Count} finding(s): " + string.Join("; ", findings.Select(f => $"{f.Kind} {f.Subject}"));
        }, cancellationToken);

    /// <summary>The findings that page someone: their details are built from names, counts and hours only.</summary>
    private static async Task AlertAsync(AlertNotifier alerts, IReadOnlyList<DataQualityFinding> findings, CancellationToken cancellationToken)
    {
        foreach (var (kind, condition) in new[] { ("stale_source", AlertConditions.StaleSource), ("quarantine_spike", AlertConditions.QuarantineSpike) })
        {
            var found = findings.Where(f => f.Kind == kind).ToList();
            await alerts.ClearAllButAsync(condition, [.. found.Select(f => f.Subject)], cancellationToken);
            foreach (var finding in found)
            {
                await alerts.RaiseAsync(new Alert(condition, finding.Subject, finding.Kind == "stale_source"
                    ? $"Source {finding.Subject}: {finding.Detail}."
                    : finding.Detail + "."), cancellationToken);
            }
        }
    }
}
