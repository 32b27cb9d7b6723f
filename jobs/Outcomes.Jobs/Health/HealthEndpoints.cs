using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Outcomes.Jobs.Health;

/// <summary>
/// <c>/healthz</c> (the process answers; touches nothing) and <c>/readyz</c> (<see cref="ReadinessChecks"/>: 200 when
/// every check is ok, else 503) on the server's web address. Neither asks for a sign-in, so each says no more than a
/// monitoring system needs: a status and, for <c>/readyz</c>, each check's name with ok or failing. Versions, sizes,
/// folders and error messages go to the server's log and to <c>outcomes status --check</c>, which need the server's
/// account or the database's credentials; nothing here reads a patient's row.
/// </summary>
public static class HealthEndpoints
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";

    public static void Map(WebApplication app)
    {
        app.MapGet(LivePath, (HttpContext context) => WriteAsync(context, StatusCodes.Status200OK, "ok", []));
        app.MapGet(ReadyPath, async (HttpContext context) =>
        {
            var results = await context.RequestServices.GetRequiredService<ReadinessProbe>().CheckAsync();
            var ready = results.All(r => r.Level == CheckLevel.Ok);
            await WriteAsync(context, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, ready ? "ok" : "failing", results);
        });
    }

    /// <summary><c>{"status":"ok","checks":{"database":"ok",...}}</c>, the checks left out when there are none.</summary>
    private static async Task WriteAsync(HttpContext context, int status, string word, IReadOnlyList<HealthCheck> checks)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "application/json";
        using var body = new MemoryStream();
        await using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("status", word);
            if (checks.Count > 0)
            {
                json.WriteStartObject("checks");
                foreach (var check in checks)
                {
                    json.WriteString(check.Name, check.Level == CheckLevel.Ok ? "ok" : "failing");
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(body.ToArray());
    }
}
