using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Outcomes.Web.Hosting;
using Outcomes.Web.SignIn;

namespace Outcomes.Web.Pages;

/// <summary>Sign-out (a POST with its antiforgery token): the session ends, its connections close, the cookie goes.</summary>
internal sealed class SignOutModel(LoginSessions sessions) : PageModel
{
    public IActionResult OnGet() => Redirect(WebPages.WorklistPath);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await sessions.SignOutAsync(WebPages.SessionOf(HttpContext).Id, cancellationToken);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect(WebPages.SignInPath);
    }
}
