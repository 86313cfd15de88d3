using JiraQuality.Core.Jobs;
using Microsoft.Playwright;

namespace JiraQuality.Tests.Jobs;

/// <summary>The Jobs page in Chromium, following test jobs the app runs.</summary>
public sealed class JobsPageBrowserTests
{
    [Fact]
    public async Task The_jobs_page_shows_a_running_job_reaching_100_percent_and_cancels_another()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JobsAppFactory(new JobScript());
        var baseUrl = factory.StartKestrel();
        var ct = TestContext.Current.CancellationToken;
        var job = await factory.Queue.EnqueueAsync(
            RunnerHarness.Request(TestKindBHandler.KindName, "browser", ("gate", "open"), ("items", "3"), ("stepGate", "step")), ct);
        await JobWaits.UntilAsync(() => factory.Script.Running(TestKindBHandler.KindName) == 1, "the job to start");

        var page = await browser.OpenAsync(baseUrl + "/jobs");
        await Assertions.Expect(page.Locator("h1#page-title")).ToHaveTextAsync("Jobs");
        var indicator = page.Locator("#jobs-indicator");
        await Assertions.Expect(indicator).ToBeVisibleAsync();
        await indicator.ClickAsync();
        await page.WaitForURLAsync($"{baseUrl}/jobs/{job.Id}");

        var progress = page.Locator($"#job-progress-{job.Id}");
        await Assertions.Expect(progress.Locator(".job-percent")).ToHaveTextAsync("33.3 %");
        await Assertions.Expect(progress.Locator(".job-current")).ToHaveTextAsync("TEST-1");
        factory.Script.Open("step-1");
        await Assertions.Expect(progress.Locator(".job-percent")).ToHaveTextAsync("66.7 %");
        await Infrastructure.Browser.ScreenshotAsync(page, "jobs-running");
        factory.Script.Open("step-2");

        await Assertions.Expect(progress.Locator(".job-percent")).ToHaveTextAsync("100 %");
        await Assertions.Expect(progress).ToHaveAttributeAsync("data-state", JobStates.Succeeded);
        await Assertions.Expect(progress.Locator("pre.job-log")).ToContainTextAsync("Processing progress: 3/3 (100.0%) [TEST-3]");
        await Assertions.Expect(indicator).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#job-cancel")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#jobs-table tr.job-row")).ToHaveCountAsync(1);

        // A second job, started while the page is open, appears in the list and can be cancelled from it.
        var second = await factory.Queue.EnqueueAsync(RunnerHarness.Request(TestKindAHandler.KindName, "to-cancel"), ct);
        await Assertions.Expect(page.Locator("#jobs-table tr.job-row")).ToHaveCountAsync(2);
        await page.Locator($"a.job-link[href='/jobs/{second.Id}']").ClickAsync();
        await Assertions.Expect(page.Locator("#job-details-title")).ToHaveTextAsync("test-a job");
        await page.Locator("#job-cancel").ClickAsync();
        await Assertions.Expect(page.Locator($"#job-progress-{second.Id}")).ToHaveAttributeAsync("data-state", JobStates.Cancelled);

        // Filters: by state, then by kind.
        await page.Locator("div.mud-select:has(#job-state-filter)").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasTextString = "cancelled" }).ClickAsync();
        await Assertions.Expect(page.Locator("#jobs-table tr.job-row")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#jobs-table a.job-link")).ToHaveTextAsync("test-a");
        await page.Locator("div.mud-select:has(#job-kind-filter)").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasTextString = "test-b" }).ClickAsync();
        await Assertions.Expect(page.Locator("#jobs-empty")).ToHaveTextAsync("No jobs match these filters.");
        await Infrastructure.Browser.ScreenshotAsync(page, "jobs-filtered");

        // Back to every job; the job links are reachable by keyboard and open the details.
        await page.Locator("div.mud-select:has(#job-state-filter)").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasTextString = "All states" }).ClickAsync();
        await page.Locator("div.mud-select:has(#job-kind-filter)").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasTextString = "All kinds" }).ClickAsync();
        await Assertions.Expect(page.Locator("#jobs-table tr.job-row")).ToHaveCountAsync(2);
        await page.Locator($"a.job-link[href='/jobs/{job.Id}']").ClickAsync();
        await page.WaitForURLAsync($"{baseUrl}/jobs/{job.Id}");
        await page.Locator($"a.job-link[href='/jobs/{second.Id}']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"{baseUrl}/jobs/{second.Id}");
        await Assertions.Expect(page.Locator($"#job-progress-{second.Id}")).ToHaveAttributeAsync("data-state", JobStates.Cancelled);
        await page.Locator("#theme-toggle").ClickAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "jobs-dark");

        // Phone width: the list stacks and the details stay readable.
        var phone = await browser.OpenAsync($"{baseUrl}/jobs/{job.Id}", width: 390, height: 844);
        await Assertions.Expect(phone.Locator($"#job-progress-{job.Id} .job-percent")).ToHaveTextAsync("100 %");
        await Infrastructure.Browser.ScreenshotAsync(phone, "jobs-phone");
    }
}
