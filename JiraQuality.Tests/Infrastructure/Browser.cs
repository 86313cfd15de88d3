using Microsoft.Playwright;

namespace JiraQuality.Tests.Infrastructure;

/// <summary>Headless Debian Chromium driven by Playwright, with flags that keep it off the network.</summary>
public sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser instance)
    {
        _playwright = playwright;
        Instance = instance;
    }

    public IBrowser Instance { get; }

    public static async Task<Browser> LaunchAsync()
    {
        var path = Environment.GetEnvironmentVariable("JIRAQUALITY_CHROMIUM") ?? ChromiumPath;
        TestEnvironment.RequireOrSkip(File.Exists(path), $"Chromium is not installed at {path} (apt-get install chromium)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
        return new Browser(playwright, browser);
    }

    /// <summary>
    /// Opens a page signed in as the role's test user (an admin unless told otherwise) and waits until the Blazor
    /// circuit is interactive. The sign-in is the app's own (see <see cref="JiraQualityAppFactory.SignInCookieAsync"/>);
    /// its cookie goes into the page's fresh browser context.
    /// </summary>
    public async Task<IPage> OpenAsync(string url, int width = 1280, int height = 900, string role = Core.Identity.Roles.Admin)
    {
        var page = await NewSignedInPageAsync(url, role, width, height);
        await page.GotoAsync(url);
        await WaitForCircuitAsync(page);
        return page;
    }

    /// <summary>A page in a fresh browser context that is not signed in.</summary>
    public Task<IPage> NewAnonymousPageAsync(int width = 1280, int height = 900) =>
        Instance.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });

    /// <summary>A page in a fresh browser context holding the sign-in cookie of the role's test user for the app at <paramref name="url"/>.</summary>
    public async Task<IPage> NewSignedInPageAsync(string url, string role, int width = 1280, int height = 900)
    {
        var app = JiraQualityAppFactory.ServingUrl(url)
            ?? throw new InvalidOperationException($"No test app serves {url}; start it with StartKestrel().");
        var cookie = (await app.SignInCookieAsync(role)).Split('=', 2);
        var page = await NewAnonymousPageAsync(width, height);
        await page.Context.AddCookiesAsync([new Cookie { Name = cookie[0], Value = cookie[1], Url = new Uri(url).GetLeftPart(UriPartial.Authority) }]);
        return page;
    }

    public static Task WaitForCircuitAsync(IPage page) =>
        page.Locator("#circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });

    /// <summary>
    /// Picks files through the Import page's button and the browser's file chooser, as a person would: MudFileUpload
    /// replaces its hidden input after each selection, so setting files on an input directly can hit one already gone.
    /// </summary>
    public static async Task ChooseFilesAsync(IPage page, params string[] files)
    {
        var choose = page.Locator("#choose-files");
        await Assertions.Expect(choose).ToBeEnabledAsync(new LocatorAssertionsToBeEnabledOptions { Timeout = 90_000 });
        var chooser = await page.RunAndWaitForFileChooserAsync(() => choose.ClickAsync());
        await chooser.SetFilesAsync(files);
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(TestEnvironment.ArtifactsDirectory, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await Instance.DisposeAsync();
        _playwright.Dispose();
    }
}
