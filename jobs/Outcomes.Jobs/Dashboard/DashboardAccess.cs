using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Outcomes.Jobs.Configuration;

namespace Outcomes.Jobs.Dashboard;

/// <summary>
/// Who may see the Hangfire dashboard. A request from this machine (loopback) may do everything, as with Hangfire's own
/// default. A request from another host needs HTTP Basic credentials of a configured user (<see cref="DashboardUser"/>):
/// admins may trigger, retry and delete jobs, everyone else sees the dashboard read-only. Anything else gets 401.
/// </summary>
public sealed class DashboardAccess(DashboardOptions options, ILogger<DashboardAccess> logger) : IDashboardAuthorizationFilter
{
    public const string Realm = "Outcomes jobs";
    private const string AccessKey = "outcomes.dashboard.access";

    private enum Access
    {
        ReadOnly,
        Admin,
    }

    /// <summary>Middleware in front of the dashboard: decides the access, or answers 401.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (IsLocal(context))
        {
            context.Items[AccessKey] = Access.Admin;
        }
        else if (Authenticate(context) is { } user)
        {
            context.Items[AccessKey] = user.Admin ? Access.Admin : Access.ReadOnly;
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            if (options.Users.Count > 0)
            {
                context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
            }

            return;
        }

        await next(context);
    }

    public bool Authorize(DashboardContext context) => context.GetHttpContext().Items.ContainsKey(AccessKey);

    public bool IsReadOnly(DashboardContext context) =>
        !(context.GetHttpContext().Items.TryGetValue(AccessKey, out var access) && access is Access.Admin);

    private static bool IsLocal(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);

    private DashboardUser? Authenticate(HttpContext context)
    {
        if (options.Users.Count == 0
            || !AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return null;
        }

        string pair;
        try
        {
            pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        var (name, password) = (pair[..colon], pair[(colon + 1)..]);
        var user = options.Users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.Ordinal));
        if (user is not null && PasswordHash.Verify(password, user.PasswordHash))
        {
            return user;
        }

        logger.LogWarning("Dashboard: refused credentials from {Remote}", context.Connection.RemoteIpAddress);
        return null;
    }
}
