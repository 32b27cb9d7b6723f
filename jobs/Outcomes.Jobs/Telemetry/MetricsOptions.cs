namespace Outcomes.Jobs.Telemetry;

/// <summary>Where <c>outcomes serve</c> exports its metrics (the "Jobs:Metrics" settings; docs/jobs.md, "Monitoring").</summary>
public sealed class MetricsOptions
{
    /// <summary>
    /// The loopback address Prometheus scrapes, e.g. <c>http://127.0.0.1:9464/</c> (metrics at its <c>/metrics</c>).
    /// Unset: no Prometheus endpoint. Only loopback: a Prometheus elsewhere scrapes through a proxy or an agent on this host.
    /// </summary>
    public string? Prometheus { get; set; }

    /// <summary>
    /// An OpenTelemetry collector the metrics are pushed to (OTLP: over gRPC, e.g. <c>http://127.0.0.1:4317</c>, or over
    /// HTTP as <see cref="OtlpProtocol"/> says, e.g. <c>http://127.0.0.1:4318</c>, posting to its <c>/v1/metrics</c>). Unset: none.
    /// </summary>
    public string? Otlp { get; set; }

    /// <summary>How the metrics travel to <see cref="Otlp"/>: <c>grpc</c> (the default) or <c>http/protobuf</c>, OTLP's own names.</summary>
    public string OtlpProtocol { get; set; } = Grpc;

    public const string Grpc = "grpc";
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>
    /// Where the exporter sends: the address as given over gRPC; over HTTP, the collector's <c>/v1/metrics</c> when the
    /// address names no path (the exporter posts to exactly the address it is given).
    /// </summary>
    public Uri OtlpEndpoint()
    {
        var address = new Uri(Otlp!);
        return OtlpProtocol == HttpProtobuf && address.AbsolutePath == "/" ? new Uri(address, "v1/metrics") : address;
    }

    /// <summary>Seconds between pushes to the OTLP collector.</summary>
    public int OtlpIntervalSeconds { get; set; } = 60;

    public bool Enabled => Prometheus is not null || Otlp is not null;

    /// <summary>The problems of these settings, each naming its setting (checked with the other Jobs settings at start-up).</summary>
    public IEnumerable<string> Problems()
    {
        if (Prometheus is not null)
        {
            if (!Uri.TryCreate(Prometheus, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/")
            {
                yield return $"Jobs:Metrics:Prometheus: '{Prometheus}' is not an address such as http://127.0.0.1:9464/ (http, a port, no path: the metrics are at /metrics).";
            }
            else if (!uri.IsLoopback)
            {
                yield return $"Jobs:Metrics:Prometheus: '{Prometheus}' is not on this machine; the metrics are served on loopback only (127.0.0.1, [::1] or localhost).";
            }
        }

        if (Otlp is not null && (!Uri.TryCreate(Otlp, UriKind.Absolute, out var otlp) || (otlp.Scheme != Uri.UriSchemeHttp && otlp.Scheme != Uri.UriSchemeHttps)))
        {
            yield return $"Jobs:Metrics:Otlp: '{Otlp}' is not an http(s) address of an OpenTelemetry collector, such as http://127.0.0.1:4317.";
        }

        if (OtlpProtocol is not (Grpc or HttpProtobuf))
        {
            yield return $"Jobs:Metrics:OtlpProtocol: '{OtlpProtocol}' is not an OTLP protocol; use {Grpc} or {HttpProtobuf}.";
        }

        if (OtlpIntervalSeconds < 1)
        {
            yield return "Jobs:Metrics:OtlpIntervalSeconds: expected 1 or more seconds.";
        }
    }
}
