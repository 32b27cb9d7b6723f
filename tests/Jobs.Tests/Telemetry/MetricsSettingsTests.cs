using Outcomes.Jobs.Configuration;

namespace Outcomes.Jobs.Tests.Telemetry;

/// <summary>The metrics settings are checked at start-up with the other Jobs settings, each problem naming its setting.</summary>
public sealed class MetricsSettingsTests : IDisposable
{
    private readonly string _source = TestJobs.NewFolder("metrics-settings");

    [Theory]
    [InlineData("http://127.0.0.1:9464/")]
    [InlineData("http://[::1]:9464/")]
    [InlineData("http://localhost:9464/")]
    public void A_loopback_prometheus_address_is_accepted(string address)
    {
        var options = TestJobs.Options(_source);
        options.Metrics.Prometheus = address;

        Assert.Empty(JobsOptionsValidator.Problems(options));
    }

    [Theory]
    [InlineData("http://0.0.0.0:9464/", "Jobs:Metrics:Prometheus: 'http://0.0.0.0:9464/' is not on this machine; the metrics are served on loopback only (127.0.0.1, [::1] or localhost).")]
    [InlineData("http://10.1.2.3:9464/", "Jobs:Metrics:Prometheus: 'http://10.1.2.3:9464/' is not on this machine; the metrics are served on loopback only (127.0.0.1, [::1] or localhost).")]
    [InlineData("http://127.0.0.1:9464/metrics", "Jobs:Metrics:Prometheus: 'http://127.0.0.1:9464/metrics' is not an address such as http://127.0.0.1:9464/ (http, a port, no path: the metrics are at /metrics).")]
    [InlineData("https://127.0.0.1:9464/", "Jobs:Metrics:Prometheus: 'https://127.0.0.1:9464/' is not an address such as http://127.0.0.1:9464/ (http, a port, no path: the metrics are at /metrics).")]
    public void A_prometheus_address_beyond_loopback_or_with_a_path_is_refused_by_its_setting(string address, string problem)
    {
        var options = TestJobs.Options(_source);
        options.Metrics.Prometheus = address;

        Assert.Equal([problem], JobsOptionsValidator.Problems(options));
    }

    [Fact]
    public void An_otlp_endpoint_that_is_not_http_is_refused()
    {
        var options = TestJobs.Options(_source);
        options.Metrics.Otlp = "grpc://collector:4317";

        Assert.Equal(["Jobs:Metrics:Otlp: 'grpc://collector:4317' is not an http(s) address of an OpenTelemetry collector, such as http://127.0.0.1:4317."],
            JobsOptionsValidator.Problems(options));
    }

    [Fact]
    public void An_otlp_protocol_other_than_grpc_or_http_protobuf_is_refused_naming_both()
    {
        var options = TestJobs.Options(_source);
        options.Metrics.Otlp = "http://127.0.0.1:4318";
        options.Metrics.OtlpProtocol = "http/json";

        Assert.Equal(["Jobs:Metrics:OtlpProtocol: 'http/json' is not an OTLP protocol; use grpc or http/protobuf."], JobsOptionsValidator.Problems(options));
    }

    [Theory]
    [InlineData("grpc", "http://127.0.0.1:4317", "http://127.0.0.1:4317/")]
    [InlineData("http/protobuf", "http://127.0.0.1:4318", "http://127.0.0.1:4318/v1/metrics")]
    [InlineData("http/protobuf", "https://collector.example.org/otlp/v1/metrics", "https://collector.example.org/otlp/v1/metrics")]
    public void Over_http_the_metrics_go_to_the_collectors_v1_metrics_unless_the_address_names_a_path(string protocol, string address, string endpoint)
    {
        var options = new Outcomes.Jobs.Telemetry.MetricsOptions { Otlp = address, OtlpProtocol = protocol };

        Assert.Equal(endpoint, options.OtlpEndpoint().ToString());
    }

    public void Dispose() => Directory.Delete(_source, recursive: true);
}
