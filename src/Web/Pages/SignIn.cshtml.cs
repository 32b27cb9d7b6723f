using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Outcomes.Web.Hosting;
using Outcomes.Web.SignIn;

namespace Outcomes.Web.Pages;

/// <summary>The sign-in page: the password goes to PostgreSQL once, in the connection that opens the session.</summary>
internal sealed class SignInModel(LoginSessions sessions, WebOptions options) : PageModel
{
    [BindProperty]
    public string Login { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Refusal { get; private set; }

    public int MaxFailures => options.MaxFailedSignIns;

    public int LockoutMinutes => options.LockoutMinutes;

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Redirect(WebPages.WorklistPath) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await sessions.SignInAsync(Login.Trim(), Password, cancellationToken);
        Password = "";
        if (result.Session is not { } session)
        {
            Refusal = result.Refusal;
            Response.StatusCode = result.LockedUntil is null ? StatusCodes.Status401Unauthorized : StatusCodes.Status429TooManyRequests;
            return Page();
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, WebPages.Principal(session),
            new AuthenticationProperties { IsPersistent = false });
        return Redirect(ReturnUrl is { } back && Url.IsLocalUrl(back) ? back : WebPages.WorklistPath);
    }
}
