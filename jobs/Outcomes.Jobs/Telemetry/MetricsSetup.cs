using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Outcomes.Pipeline.Telemetry;

namespace Outcomes.Jobs.Telemetry;

/// <summary>
/// The metrics of <c>outcomes serve</c> (OpenTelemetry): the pipeline's own (<see cref="OutcomesMetrics"/>), those read
/// from the database (<see cref="StoredMeasures"/>) and Npgsql's connection pools, exported for Prometheus on loopback
/// and/or pushed to an OTLP collector, as <see cref="MetricsOptions"/> say.
/// </summary>
internal static class MetricsSetup
{
    private const string NpgsqlMeter = "Npgsql";

    public static void AddMetrics(IServiceCollection services, MetricsOptions options)
    {
        if (!options.Enabled)
        {
            return;
        }

        services.AddHostedService<StoredMeasures>();
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("outcomes"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(OutcomesMetrics.MeterName, StoredMeasures.MeterName);
                metrics.AddNpgsqlInstrumentation();
                // Npgsql names each pool by its connection string (without the password, but with the login, the
                // database and the operating-system account): only the connection state is kept, the pools summed.
                metrics.AddView(instrument => instrument.Meter.Name == NpgsqlMeter
                    ? new MetricStreamConfiguration { TagKeys = ["db.client.connection.state"] }
                    : null);
                if (options.Prometheus is { } prometheus)
                {
                    var address = new Uri(prometheus);
                    metrics.AddPrometheusHttpListener(o =>
                    {
                        o.Host = address.Host;
                        o.Port = address.Port;
                        o.ScrapeEndpointPath = "/metrics";
                    });
                }

                if (options.Otlp is not null)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        exporter.Endpoint = options.OtlpEndpoint();
                        exporter.Protocol = options.OtlpProtocol == MetricsOptions.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = options.OtlpIntervalSeconds * 1000;
                    });
                }
            });
    }
}
