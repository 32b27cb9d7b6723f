using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.DependencyInjection;
using Outcomes.Database.Connection;
using Outcomes.Web.Dashboard;
using Outcomes.Web.SignIn;

namespace Outcomes.Web.Hosting;

/// <summary>
/// The web pages of <c>outcomes serve</c> (Razor Pages, rendered on the server, no script): sign-in with the logins of
/// <c>outcomes access</c> the quality team's worklist and the director's dashboard. Every page but the sign-in needs a session; every form carries
/// an antiforgery token, checked on every POST; the session cookie is HttpOnly, SameSite=Strict and Secure over TLS.
/// </summary>
public static class WebPages
{
    public const string SessionCookie = "outcomes-session";
    public const string SignInPath = "/sign-in";
    public const string WorklistPath = "/worklist";
    public const string DashboardPath = "/dashboard";
    public const string UsefulnessPath = "/usefulness";
    public const string StylePath = "/web.css";

    /// <summary>The pages a signed-in login moves between, in the order of the header's links.</summary>
    public static readonly IReadOnlyList<(string Path, string Name)> Navigation =
    [
        (WorklistPath, "Worklist"),
        (UsefulnessPath, "Flag usefulness"),
        (DashboardPath, "Dashboard"),
    ];

    internal const string SessionClaim = "outcomes.session";
    private const string SessionItem = "outcomes.web.session";

    /// <summary>
    /// Registers the pages, the sessions and cookie sign-in. Cookies are Secure whenever the request came over TLS: the
    /// host marks a request a configured TLS proxy forwarded as such (X-Forwarded-Proto).
    /// </summary>
    /// <param name="reportsFolder">Where the report jobs write (a folder per population); the dashboard offers its files for download. None: no downloads.</param>
    public static void AddWebPages(IServiceCollection services, WebOptions options, WebDatabase database, string? reportsFolder = null)
    {
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The web settings have problems:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)));
        }

        services.AddSingleton(options);
        services.AddSingleton(database);
        services.AddSingleton<LoginSessions>();
        services.AddHostedService<LoginSessionSweeper>();
        services.AddSingleton(new ReportFiles(reportsFolder));
        services.AddSingleton<DashboardViews>();
        var assembly = typeof(WebPages).Assembly;
        services.AddRazorPages(o =>
            {
                o.Conventions.AuthorizeFolder("/");
                o.Conventions.AllowAnonymousToPage("/SignIn");
            })
            .ConfigureApplicationPartManager(parts =>
            {
                // The pages are compiled into this library: add it once, whether or not the host found it already.
                if (!parts.ApplicationParts.Any(p => p.Name == assembly.GetName().Name))
                {
                    foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                    {
                        parts.ApplicationParts.Add(part);
                    }
                }
            });
        const CookieSecurePolicy secure = CookieSecurePolicy.SameAsRequest;
        services.Configure<AntiforgeryOptions>(o =>
        {
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = secure;
        });
        services.AddAuthorization();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = SessionCookie;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = secure;
            o.LoginPath = SignInPath;
            o.LogoutPath = "/sign-out";
            o.AccessDeniedPath = SignInPath;
            // The server's session store decides (idle and absolute limits); the cookie never outlives the idle limit.
            o.ExpireTimeSpan = TimeSpan.FromMinutes(options.IdleMinutes);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = ValidateSessionAsync;
        });
    }

    /// <summary>Serves the pages: call after the middleware that decides who may reach them at all.</summary>
    public static void MapWebPages(WebApplication app)
    {
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/hangfire"), branch => branch.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            // Pages name flags of patients in care: no copy kept by the browser or a proxy.
            headers.CacheControl = "no-store";
            await next(context);
        }));
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapGet("/", () => Results.Redirect(WorklistPath));
        app.MapGet(StylePath, () => Results.Text(WebStyle.Css, "text/css; charset=utf-8"));
        DashboardEndpoints.Map(app);
    }

    /// <summary>The signed-in login's session of this request (the pages run only when there is one).</summary>
    internal static LoginSession SessionOf(HttpContext context) =>
        context.Items[SessionItem] as LoginSession ?? throw new InvalidOperationException("This page needs a signed-in session.");

    /// <summary>How long a page waits after a write for the standby it reads to have replayed it.</summary>
    internal static readonly TimeSpan ReadYourWritesTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After the session wrote on the primary (a review), waits until the standby its pages read has replayed that write,
    /// so the page shown next shows it; nothing to wait for when the pages read the primary. A standby that does not
    /// catch up in time is left behind: the page then shows what it holds.
    /// </summary>
    internal static async Task ReadYourWritesAsync(LoginSession session, CancellationToken cancellationToken)
    {
        if (session.Reads == session.DataSource)
        {
            return;
        }

        try
        {
            await ReplicaLag.WaitForReplayAsync(session.DataSource, session.Reads, ReadYourWritesTimeout, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // Slow replication is for 'outcomes status --check' to report; the review itself is stored.
        }
    }

    internal static ClaimsPrincipal Principal(LoginSession session) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, session.Login), new Claim(SessionClaim, session.Id)], CookieAuthenticationDefaults.AuthenticationScheme));

    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<LoginSessions>();
        var id = context.Principal?.FindFirst(SessionClaim)?.Value;
        var session = id is null ? null : await sessions.FindAsync(id);
        if (session is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        context.HttpContext.Items[SessionItem] = session;
    }
}
