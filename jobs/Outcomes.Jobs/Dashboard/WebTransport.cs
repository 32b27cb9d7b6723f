using System.Net;
using Microsoft.AspNetCore.Http;
using Outcomes.Jobs.Configuration;

namespace Outcomes.Jobs.Dashboard;

/// <summary>
/// The web pages carry passwords and flags of patients in care: a request reaches them over TLS (directly, or through the
/// configured TLS proxy, <see cref="DashboardOptions.BehindProxy"/>, whose <c>X-Forwarded-Proto: https</c> the host
/// applies), or from this machine's own browser (loopback, no forwarding header). Anything else gets 403 with what to do.
/// </summary>
public sealed class WebTransport(DashboardOptions options)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (MayCarryPasswords(context))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(
            "The web pages carry passwords and patients' flags: reach them over https, or through a TLS proxy with Jobs:Dashboard:BehindProxy (docs/jobs.md).\n",
            context.RequestAborted);
    }

    private bool MayCarryPasswords(HttpContext context)
    {
        return context.Request.IsHttps
            || (!options.BehindProxy && context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
                && ProxySigns.Find(context.Request.Headers) is null);
    }
}
