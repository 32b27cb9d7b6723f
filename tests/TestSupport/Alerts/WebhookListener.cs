using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Xunit;

namespace Outcomes.TestSupport.Alerts;

/// <summary>
/// A webhook receiver on a free loopback port (.NET's HttpListener): records each POSTed JSON body and answers with the
/// next of <see cref="Answers"/> (200 once they are used up), so a test can make the first delivery fail.
/// </summary>
public sealed class WebhookListener : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<JsonElement> _received = new();
    private readonly Task _loop;

    public WebhookListener()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/hooks/outcomes/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>Status codes to answer with, in order.</summary>
    public ConcurrentQueue<HttpStatusCode> Answers { get; } = new();

    /// <summary>Every body received, including those answered with an error.</summary>
    public IReadOnlyList<JsonElement> Received => [.. _received];

    public async Task<IReadOnlyList<JsonElement>> WaitForAsync(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (_received.Count < count)
        {
            Assert.True(clock.Elapsed < timeout, $"The webhook received {_received.Count} of {count} posts within {timeout.TotalSeconds:F0} s");
            await Task.Delay(50);
        }

        return Received;
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

            using (var document = await JsonDocument.ParseAsync(context.Request.InputStream))
            {
                _received.Enqueue(document.RootElement.Clone());
            }

            context.Response.StatusCode = (int)(Answers.TryDequeue(out var status) ? status : HttpStatusCode.OK);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
