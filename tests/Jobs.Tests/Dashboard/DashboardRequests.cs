using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Outcomes.Jobs.Tests.Hosting;

namespace Outcomes.Jobs.Tests.Dashboard;

/// <summary>Requests the dashboard tests send, as a browser or a script would, and what they read back.</summary>
internal static partial class DashboardRequests
{
    /// <summary>The recurring job the tests trigger: quick, and it never fires on its own in the tests' schedules.</summary>
    public const string TriggeredJob = "data-quality";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static Task<HttpResponseMessage> GetAsync(HttpClient client, string url, (string User, string Password)? credentials = null, string? header = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        Authorize(request, credentials);
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(header, header == "Forwarded" ? "for=192.0.2.60;proto=https" : header == "Via" ? "1.1 proxy" : "192.0.2.60");
        }

        return client.SendAsync(request);
    }

    /// <summary>
    /// The dashboard's "Trigger now" button: a form POST, with the anti-forgery token the page handed out (sent in the
    /// header the page names, as the dashboard's script does) when one is given.
    /// </summary>
    public static Task<HttpResponseMessage> TriggerAsync(
        HttpClient client, string dashboard, (string User, string Password)? credentials = null, AntiforgeryToken? antiforgery = null) =>
        PostAsync(client, dashboard + "/recurring/trigger", ("jobs[]", TriggeredJob), credentials, antiforgery);

    /// <summary>The POST by which the dashboard's script refreshes its live counters: it reads, and changes nothing.</summary>
    public static Task<HttpResponseMessage> CountersAsync(
        HttpClient client, string dashboard, (string User, string Password)? credentials = null, AntiforgeryToken? antiforgery = null) =>
        PostAsync(client, dashboard + "/stats", ("metrics[]", "enqueued:count"), credentials, antiforgery);

    private static Task<HttpResponseMessage> PostAsync(
        HttpClient client, string url, (string Name, string Value) field, (string User, string Password)? credentials, AntiforgeryToken? antiforgery)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>(field.Name, field.Value)]),
        };
        Authorize(request, credentials);
        if (antiforgery is { } token)
        {
            request.Headers.Add(token.Header, token.Token);
        }

        return client.SendAsync(request);
    }

    /// <summary>The anti-forgery header name and token a dashboard page carries for its script.</summary>
    public static async Task<AntiforgeryToken> AntiforgeryOfAsync(HttpResponseMessage page)
    {
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var header = CsrfHeader().Match(html);
        var token = CsrfToken().Match(html);
        Assert.True(header.Success && token.Success, "The dashboard page carries no anti-forgery token (csrf-header and csrf-token meta tags).");
        return new AntiforgeryToken(WebUtility.HtmlDecode(header.Groups[1].Value), WebUtility.HtmlDecode(token.Groups[1].Value));
    }

    /// <summary>The id of the last background job the triggered recurring job created, or null when it never ran.</summary>
    public static async Task<string?> LastTriggeredJobAsync(InProcessServer server)
    {
        var storage = server.Host.Services.GetRequiredService<JobStorage>();
        RecurringJobDto? job = null;
        await TestJobs.WaitUntilAsync(() =>
        {
            using var connection = storage.GetConnection();
            job = connection.GetRecurringJobs([TriggeredJob]).SingleOrDefault(j => !j.Removed);
            return Task.FromResult(job is not null);
        }, TimeSpan.FromSeconds(30), () => $"the recurring job '{TriggeredJob}' was never registered");
        return job!.LastJobId;
    }

    private static void Authorize(HttpRequestMessage request, (string User, string Password)? credentials)
    {
        if (credentials is var (user, password))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }
    }

    [GeneratedRegex("<meta name=\"csrf-header\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfHeader();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfToken();
}
