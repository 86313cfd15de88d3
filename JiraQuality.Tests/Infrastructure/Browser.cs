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

    /// <summary>Opens a page and waits until the Blazor circuit is interactive.</summary>
    public async Task<IPage> OpenAsync(string url, int width = 1280, int height = 900)
    {
        var page = await Instance.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        await page.GotoAsync(url);
        await WaitForCircuitAsync(page);
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
