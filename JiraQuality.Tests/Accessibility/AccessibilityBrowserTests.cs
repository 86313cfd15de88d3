using System.Text.RegularExpressions;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Ingestion;
using JiraQuality.Benchmarks.Sample;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Review;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using JiraQuality.Tests.Ingestion;

namespace JiraQuality.Tests.Accessibility;

/// <summary>
/// axe-core on every page the app maps, in the light and the dark theme and at a phone's width, on a database holding the scored sample:
/// no serious or critical finding (and no skipped heading level) anywhere. A page the app maps that is missing from
/// <see cref="Pages"/> fails the test, so a new page cannot ship unchecked.
/// </summary>
public sealed class AccessibilityBrowserTests
{
    /// <summary>
    /// A page to check: its route pattern as the app maps it, the address to open (placeholders in braces are filled
    /// from the seeded data, see <see cref="SeededData"/>), who opens it, and what shows the page has loaded its data.
    /// </summary>
    public sealed record AxePage(string Route, string? Url = null, string? Role = Roles.Admin, string Ready = "h1", bool Interactive = true, bool BeforeFirstUser = false)
    {
        public string Address => Url ?? Route;
    }

    /// <summary>Every page; add new ones here (the route exactly as its <c>@page</c> directive spells it).</summary>
    public static readonly IReadOnlyList<AxePage> Pages =
    [
        new("/", Ready: "#kpi-volume [data-testid=kpi-value]"),
        new("/conversations", Ready: "a.jq-issue-link"),
        new("/conversations/{IssueKey}", Url: "/conversations/{issueKey}", Ready: "li.jq-message"),
        new("/import", Ready: "#choose-files"),
        new("/jobs", Ready: "h1"),
        new("/jobs/{JobId:guid}", Url: "/jobs/{jobId}", Ready: "h1"),
        new("/agents", Ready: "h1"),
        new("/agents/{AgentId}", Url: "/agents/{agentId}", Ready: "h1"),
        new("/settings", Ready: "h1"),
        new("/alerts", Ready: "h1"),
        new("/audit", Ready: "h1"),
        new("/review", Ready: "h1"),
        new("/review/agreement", Ready: "h1"),
        new("/review/calibration", Ready: "h1"),
        new("/review/calibration/{Id:guid}", Url: "/review/calibration/{calibrationId}", Ready: "h1"),
        new("/account/change-password", Interactive: false),
        new("/account/sign-in", Role: null, Interactive: false),
        new("/account/access-denied", Role: Roles.Viewer, Interactive: false),
        new("/first-run", Role: null, Interactive: false, BeforeFirstUser: true),
        new("/not-found", Ready: "h1"),
        new("/Error", Role: null, Interactive: false),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Every_page_the_app_maps_is_in_the_list()
    {
        using var factory = new JiraQualityAppFactory();
        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct()
            .ToList();
        var missing = mapped.Except(Pages.Select(p => p.Route)).ToList();
        Assert.True(missing.Count == 0, "Pages without an accessibility check (add them to AccessibilityBrowserTests.Pages): " + string.Join(", ", missing));
        var gone = Pages.Select(p => p.Route).Except(mapped).ToList();
        Assert.True(gone.Count == 0, "Checked but no longer mapped: " + string.Join(", ", gone));
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    [InlineData("light-phone")]
    public async Task Every_page_has_no_serious_accessibility_finding(string theme)
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        var findings = new List<Axe.Finding>();

        await using (var fresh = new JiraQualityAppFactory())
        {
            var freshUrl = fresh.StartKestrel();
            foreach (var entry in Pages.Where(p => p.BeforeFirstUser))
            {
                findings.AddRange(await CheckAsync(browser, freshUrl, entry, theme, new Dictionary<string, string>()));
            }
        }

        await using var factory = new JiraQualityAppFactory(new Dictionary<string, string?>
        {
            ["Sample:ImportOnFirstStart"] = "true",
            ["Llm:ApiKey"] = "",
            ["Llm:Endpoint"] = "",
        });
        new SampleExportGenerator(new SampleExportSettings { Tickets = 40 }).WriteFile(Path.Combine(factory.DataDirectory, new SampleOptions().File));
        var baseUrl = factory.StartKestrel();
        var seeded = await SeededData(factory);

        foreach (var entry in Pages.Where(p => !p.BeforeFirstUser))
        {
            findings.AddRange(await CheckAsync(browser, baseUrl, entry, theme, seeded));
        }

        var serious = findings.Where(Axe.IsSerious).ToList();
        var report = string.Join(Environment.NewLine, findings.Select(f => f.ToString()));
        await File.WriteAllTextAsync(Path.Combine(TestEnvironment.ArtifactsDirectory, $"axe-{theme}.txt"), report, Ct);
        Assert.True(serious.Count == 0,
            $"{serious.Count} serious finding(s) in the {theme} theme:{Environment.NewLine}" + string.Join(Environment.NewLine, serious));
    }

    private static async Task<IReadOnlyList<Axe.Finding>> CheckAsync(Infrastructure.Browser browser, string baseUrl, AxePage entry, string theme, IReadOnlyDictionary<string, string> values)
    {
        var url = baseUrl + Regex.Replace(entry.Address, "\\{([^}]+)\\}", m => values[m.Groups[1].Value]);
        // "-phone": the same check at a phone's viewport (390×844), where the filters and the list change layout.
        var (width, height) = theme.EndsWith("-phone", StringComparison.Ordinal) ? (390, 844) : (1280, 900);
        var page = entry.Role is { } role
            ? await browser.NewSignedInPageAsync(url, role, width, height)
            : await browser.NewAnonymousPageAsync(width, height);
        try
        {
            if (theme == "dark")
            {
                await page.Context.AddInitScriptAsync("localStorage.setItem('jiraquality-theme', 'dark')");
            }

            await page.GotoAsync(url);
            if (entry.Interactive)
            {
                await Infrastructure.Browser.WaitForCircuitAsync(page);
                if (theme == "dark")
                {
                    await Assertions.Expect(page.Locator("#theme-toggle")).ToHaveAttributeAsync("aria-label", "Switch to light theme");
                }
            }

            await page.Locator(entry.Ready).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            await QuietAsync(page);
            return await Axe.FindingsAsync(page, $"{entry.Route} ({theme})");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>Waits until the page stopped changing (data loaded, charts drawn): no DOM change for half a second.</summary>
    private static Task QuietAsync(IPage page) =>
        page.EvaluateAsync("""
            () => new Promise(resolve => {
                let timer;
                const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, 500); });
                const done = () => { observer.disconnect(); resolve(); };
                observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
                timer = setTimeout(done, 500);
                setTimeout(done, 10000);
            })
            """);

    /// <summary>Waits for the sample to be scored and creates what the parameterised pages need.</summary>
    private static async Task<Dictionary<string, string>> SeededData(JiraQualityAppFactory factory)
    {
        var store = factory.Services.GetRequiredService<JobStore>();
        var deadline = DateTime.UtcNow + JobWait.Timeout;
        JobSnapshot? processing = null;
        while (processing is null && DateTime.UtcNow < deadline)
        {
            processing = (await store.ListAsync(new JobListFilter(Kind: JobKinds.Processing), Ct)).FirstOrDefault(j => j.RequestedBy == JobRequesters.Startup);
            await Task.Delay(100, Ct);
        }

        Assert.NotNull(processing);
        var done = await JobWait.UntilFinishedAsync(factory.Services.GetRequiredService<IJobQueue>(), processing.Id);
        Assert.Equal(JobStates.Succeeded, done.State);

        string issueKey;
        string agentId;
        await using (var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext())
        {
            issueKey = await db.ProcessedConversations.OrderBy(c => c.IssueKey).Select(c => c.IssueKey).FirstAsync(Ct);
            agentId = await db.ProcessedConversations.Where(c => c.PrimaryAgent != null).OrderBy(c => c.IssueKey).Select(c => c.PrimaryAgent!).FirstAsync(Ct);
        }

        var admin = await factory.EnsureUserAsync(Roles.Admin);
        var analyst = await factory.EnsureUserAsync(Roles.Analyst);
        var (session, problem) = await factory.Services.GetRequiredService<CalibrationService>()
            .CreateAsync("Accessibility check", [issueKey], [admin.Email!, analyst.Email!], admin.Email!, Ct);
        Assert.True(session is not null, problem);
        return new Dictionary<string, string>
        {
            ["issueKey"] = issueKey,
            ["agentId"] = Uri.EscapeDataString(agentId),
            ["jobId"] = processing.Id.ToString(),
            ["calibrationId"] = session.Id.ToString(),
        };
    }
}
