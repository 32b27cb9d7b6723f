using Microsoft.Playwright;
using Outcomes.TestSupport;

namespace Outcomes.Web.Tests.SignIn;

/// <summary>Sign-in, lockout and sign-out of the web pages in a real browser against <c>outcomes serve</c>.</summary>
[Collection(WebServerCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class SignInPageTests(WebServer server)
{
    [ChromiumFact]
    public async Task Five_wrong_passwords_lock_the_login_so_that_even_the_right_one_is_refused_and_the_lock_is_audited()
    {
        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await browser.SignInAsync(server.LockoutLogin, "not the password");
            Assert.Equal(401, wrong!.Status);
            await Assertions.Expect(browser.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The login or the password is wrong.");
        }

        var fifth = await browser.SignInAsync(server.LockoutLogin, "not the password either");
        Assert.Equal(429, fifth!.Status);
        var right = await browser.SignInAsync(server.LockoutLogin, WebServer.Password);

        Assert.Equal(429, right!.Status);
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("this login is locked until");
        Assert.EndsWith("/sign-in", browser.Page.Url, StringComparison.Ordinal);
        Assert.Equal(1, await server.Database.ScalarAsync<long>(
            "select count(*) from audit_event where action = 'web.sign_in_locked' and subject = @Subject", new { Subject = $"login {server.LockoutLogin}" }));
        Assert.Equal(0, await server.Database.ScalarAsync<long>(
            "select count(*) from audit_event where action = 'web.sign_in' and subject = @Subject", new { Subject = $"login {server.LockoutLogin}" }));
    }

    [ChromiumFact]
    public async Task Signing_out_ends_the_session_so_that_its_cookie_no_longer_opens_the_worklist()
    {
        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        await browser.SignInAsync(server.QualityLogin, WebServer.Password);
        var cookies = await browser.Context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "outcomes-session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);

        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        Assert.EndsWith("/sign-in", browser.Page.Url, StringComparison.Ordinal);
        // The old cookie, put back as a thief would: the server no longer knows its session.
        await browser.Context.AddCookiesAsync([new Cookie { Name = session.Name, Value = session.Value, Domain = session.Domain, Path = session.Path }]);
        await browser.Page.GotoAsync("/worklist");

        Assert.Contains("/sign-in", browser.Page.Url, StringComparison.Ordinal);
        Assert.Equal(1, await server.Database.ScalarAsync<long>(
            "select count(*) from audit_event where action = 'web.sign_out' and database_user = @Login", new { Login = server.QualityLogin }));
    }

    [ChromiumFact]
    public async Task A_login_without_the_analyst_role_is_told_what_it_needs_and_gets_no_session()
    {
        await using var browser = await Browser.OpenAsync(server.BaseUrl);
        var response = await browser.SignInAsync(server.ReporterLogin, WebServer.Password);

        Assert.Equal(401, response!.Status);
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("it needs the analyst role");
        Assert.DoesNotContain(await browser.Context.CookiesAsync(), c => c.Name == "outcomes-session");
    }
}
