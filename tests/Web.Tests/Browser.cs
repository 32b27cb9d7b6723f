using Microsoft.Playwright;
using Outcomes.TestSupport;

namespace Outcomes.Web.Tests;

/// <summary>Debian's headless Chromium driven by Playwright (no browser download), one fresh context per test.</summary>
internal sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page)
    {
        (_playwright, _browser, Context, Page) = (playwright, browser, context, page);
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public static async Task<Browser> OpenAsync(string baseUrl)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        return new Browser(playwright, browser, context, await context.NewPageAsync());
    }

    /// <summary>Signs in through the page's own form; returns the response the form's POST got.</summary>
    public async Task<IResponse?> SignInAsync(string login, string password)
    {
        await Page.GotoAsync("/sign-in");
        await Page.GetByLabel("Login").FillAsync(login);
        await Page.GetByLabel("Password").FillAsync(password);
        return await Page.RunAndWaitForResponseAsync(
            () => Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
            r => r.Request.Method == "POST");
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
