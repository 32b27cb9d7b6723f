using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Outcomes.Jobs.Configuration;

namespace Outcomes.Jobs.Dashboard;

/// <summary>
/// Who may do what on the Hangfire dashboard: the middleware runs before every path under <c>/hangfire</c> (the web pages
/// beside it sign in with database logins of their own, src/Web, and ask for TLS beyond this machine, <see cref="WebTransport"/>).
/// "From this machine" is never a sign-in, because a reverse proxy on the same host makes every request look local:
/// <list type="bullet">
/// <item>With users configured (<see cref="DashboardOptions.Users"/>), every request needs HTTP Basic credentials of
/// one of them; admins may change things, everyone else reads.</item>
/// <item>With none, the server listens on loopback only (<see cref="JobsOptionsValidator"/>), and a loopback request
/// with no forwarding header (<see cref="ProxySigns"/>) and no proxy configured (<see cref="DashboardOptions.BehindProxy"/>)
/// may read. Nobody may change anything.</item>
/// <item>A request that could change state (anything but GET and HEAD, save the dashboard's live counters) needs an
/// admin: 401 without credentials, 403 for a reader. Hangfire checks the anti-forgery token on top.</item>
/// </list>
/// </summary>
public sealed class DashboardAccess(DashboardOptions options, PathString dashboardPath, ILogger<DashboardAccess> logger) : IDashboardAuthorizationFilter
{
    public const string Realm = "Outcomes jobs";
    private const string AccessKey = "outcomes.dashboard.access";

    // The dashboard's script polls its counters with a POST that reads and changes nothing.
    private readonly PathString _statistics = dashboardPath.Add("/stats");

    private enum Access
    {
        ReadOnly,
        Admin,
    }

    /// <summary>Middleware in front of every page: decides the access, or answers 401 or 403.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var user = Authenticate(context);
        Access? access = user is not null ? (user.Admin ? Access.Admin : Access.ReadOnly)
            : MayReadWithoutCredentials(context) ? Access.ReadOnly
            : null;

        if (access is null)
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, options.Users.Count > 0
                ? "Sign in with a dashboard user (Jobs:Dashboard:Users)."
                : "This request came through a proxy or from another host: the dashboard needs Jobs:Dashboard:Users (docs/jobs.md).");
            return;
        }

        if (access is not Access.Admin && ChangesState(context.Request))
        {
            await RefuseAsync(context, user is null ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden,
                "Triggering, requeueing or deleting jobs needs an admin user (Jobs:Dashboard:Users with \"Admin\": true).");
            return;
        }

        context.Items[AccessKey] = access;
        if (user is not null)
        {
            // Hangfire binds its anti-forgery tokens to this identity: a reader's token is no admin's.
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name)], "Basic"));
        }

        await next(context);
    }

    public bool Authorize(DashboardContext context) => context.GetHttpContext().Items.ContainsKey(AccessKey);

    public bool IsReadOnly(DashboardContext context) =>
        !(context.GetHttpContext().Items.TryGetValue(AccessKey, out var access) && access is Access.Admin);

    private bool MayReadWithoutCredentials(HttpContext context) =>
        options.Users.Count == 0
        && !options.BehindProxy
        && context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
        && ProxySigns.Find(context.Request.Headers) is null;

    private bool ChangesState(HttpRequest request) =>
        !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
          || (HttpMethods.IsPost(request.Method) && request.Path.Equals(_statistics, StringComparison.OrdinalIgnoreCase)));

    private async Task RefuseAsync(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized && options.Users.Count > 0)
        {
            context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(reason + "\n", context.RequestAborted);
    }

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
