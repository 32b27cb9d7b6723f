using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Outcomes.Jobs.Tests.Telemetry;

/// <summary>
/// An OTLP/HTTP receiver on a free loopback port (.NET's HttpListener), in place of an OpenTelemetry collector: records
/// each request's method, path, content type and body, and answers 200 with an empty body (an empty
/// ExportMetricsServiceResponse, which says everything was accepted).
/// </summary>
internal sealed class OtlpListener : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<OtlpRequest> _received = new();
    private readonly Task _loop;

    public OtlpListener()
    {
        var port = LoopbackPort.Free();
        Address = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Address + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The collector's address, as <c>Jobs:Metrics:Otlp</c> names it.</summary>
    public string Address { get; }

    public IReadOnlyList<OtlpRequest> Received => [.. _received];

    /// <summary>Waits for a request that <paramref name="wanted"/> accepts.</summary>
    public async Task<OtlpRequest> WaitForAsync(Func<OtlpRequest, bool> wanted, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_received.FirstOrDefault(wanted) is { } found)
            {
                return found;
            }

            Assert.True(clock.Elapsed < timeout, $"No OTLP request {what} within {timeout.TotalSeconds:F0} s ({_received.Count} received)");
            await Task.Delay(100);
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _received.Enqueue(new OtlpRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
            context.Response.StatusCode = (int)HttpStatusCode.OK;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}

/// <summary>One request the <see cref="OtlpListener"/> received.</summary>
internal sealed record OtlpRequest(string Method, string Path, string? ContentType, byte[] Body)
{
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Every string the protobuf body holds: metric names, descriptions, units, attribute keys and values. Read without the
    /// schema: each length-delimited field is taken as text when it is UTF-8, and walked as a message when it parses as one.
    /// </summary>
    public IReadOnlySet<string> Strings()
    {
        var strings = new HashSet<string>(StringComparer.Ordinal);
        Walk(Body, strings, depth: 0);
        return strings;
    }

    private static bool Walk(ReadOnlySpan<byte> message, HashSet<string>? strings, int depth)
    {
        var at = 0;
        while (at < message.Length)
        {
            if (!TryVarint(message, ref at, out var key) || key >> 3 == 0)
            {
                return false;
            }

            switch (key & 7)
            {
                case 0 when TryVarint(message, ref at, out _):
                    break;
                case 1 when at + 8 <= message.Length:
                    at += 8;
                    break;
                case 5 when at + 4 <= message.Length:
                    at += 4;
                    break;
                case 2 when TryVarint(message, ref at, out var length) && length <= (ulong)(message.Length - at):
                    var field = message.Slice(at, (int)length);
                    at += (int)length;
                    if (strings is not null)
                    {
                        try
                        {
                            strings.Add(StrictUtf8.GetString(field));
                        }
                        catch (ArgumentException)
                        {
                            // Not text: bytes of a nested message or a packed array.
                        }

                        if (depth < 16 && Walk(field, null, depth + 1))
                        {
                            Walk(field, strings, depth + 1);
                        }
                    }

                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    private static bool TryVarint(ReadOnlySpan<byte> data, ref int at, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && at < data.Length; shift += 7)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
