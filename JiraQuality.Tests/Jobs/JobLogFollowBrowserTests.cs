using Microsoft.Playwright;

namespace JiraQuality.Tests.Jobs;

/// <summary>The job log box follows its newest line while the job runs, and stays where the reader scrolled up to.</summary>
public sealed class JobLogFollowBrowserTests
{
    private const int Items = 120;

    // The circuit and the job's progress events arrive late on a loaded machine; the waits end as soon as the line shows.
    private static readonly LocatorAssertionsToContainTextOptions Patient = new() { Timeout = 60_000 };

    [Fact]
    public async Task The_job_log_follows_the_newest_line_unless_the_reader_scrolled_up()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JobsAppFactory(new JobScript());
        var baseUrl = factory.StartKestrel();
        var job = await factory.Queue.EnqueueAsync(
            RunnerHarness.Request(TestKindBHandler.KindName, "long-log", ("gate", "open"), ("items", Items.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("stepGate", "step")),
            TestContext.Current.CancellationToken);
        await JobWaits.UntilAsync(() => factory.Script.Running(TestKindBHandler.KindName) == 1, "the job to start");

        var page = await browser.OpenAsync(baseUrl + $"/jobs/{job.Id}");
        var log = page.Locator($"#job-progress-{job.Id} pre.job-log");
        await Assertions.Expect(log).ToContainTextAsync($"1/{Items}", Patient);

        await StepsAsync(factory, page, log, 1, 40);
        Assert.True(await DistanceFromBottomAsync(log) <= 2, "The log did not follow its newest line.");

        // The reader scrolls up to read older lines: new lines must not pull the box back down.
        await log.EvaluateAsync("e => { e.scrollTop = 0; e.dispatchEvent(new Event('scroll')); }");
        await StepsAsync(factory, page, log, 41, 60);
        Assert.Equal(0, await log.EvaluateAsync<double>("e => e.scrollTop"));

        // Back at the bottom it follows again.
        await log.EvaluateAsync("e => { e.scrollTop = e.scrollHeight; e.dispatchEvent(new Event('scroll')); }");
        await StepsAsync(factory, page, log, 61, 80);
        Assert.True(await DistanceFromBottomAsync(log) <= 2, "The log did not follow again after scrolling back to the bottom.");

        await StepsAsync(factory, page, log, 81, Items - 1);
    }

    /// <summary>Lets the job report items up to <paramref name="last"/> (each logs a progress line) and waits for that line.</summary>
    private static async Task StepsAsync(JobsAppFactory factory, IPage page, ILocator log, int first, int last)
    {
        for (var i = first; i <= last; i++)
        {
            factory.Script.Open($"step-{i}");
        }

        await Assertions.Expect(log).ToContainTextAsync($"{Math.Min(last + 1, Items)}/{Items}", Patient);
        // The scroll happens in the browser after the DOM change; give it the frame it needs.
        await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
    }

    private static Task<double> DistanceFromBottomAsync(ILocator log) =>
        log.EvaluateAsync<double>("e => e.scrollHeight - e.scrollTop - e.clientHeight");
}
