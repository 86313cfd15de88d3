using System.Net;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Jobs;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Jobs;

namespace JiraQuality.Tests.Identity;

/// <summary>Analysts cancel the jobs they started; an admin cancels any job; viewers none.</summary>
public sealed class JobCancelPermissionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_the_analyst_who_started_a_job_or_an_admin_may_cancel_it()
    {
        await using var factory = new JobsAppFactory(new JobScript());
        var analyst = await factory.EnsureUserAsync(Roles.Analyst);
        var running = await factory.Queue.EnqueueAsync(
            RunnerHarness.Request(TestKindBHandler.KindName, "analysts-job") with { RequestedBy = analyst.Email! }, Ct);
        await JobWaits.UntilAsync(() => factory.Script.Running(TestKindBHandler.KindName) == 1, "the job to start");
        var other = await factory.Queue.EnqueueAsync(
            RunnerHarness.Request(TestKindAHandler.KindName, "someone-elses-job") with { RequestedBy = "someone@example.test" }, Ct);

        using var viewer = await factory.CreateClientForAsync(Roles.Viewer);
        await JiraQualityAppFactory.AddAntiforgeryAsync(viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/jobs/{running.Id}/cancel", null, Ct)).StatusCode);

        using var analystClient = await factory.CreateClientForAsync(Roles.Analyst);
        await JiraQualityAppFactory.AddAntiforgeryAsync(analystClient);
        using var notTheirs = await analystClient.PostAsync($"/api/jobs/{other.Id}/cancel", null, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        Assert.Contains("analysts may cancel only their own jobs", await notTheirs.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Accepted, (await analystClient.PostAsync($"/api/jobs/{running.Id}/cancel", null, Ct)).StatusCode);

        using var admin = factory.CreateClient();
        await JiraQualityAppFactory.AddAntiforgeryAsync(admin);
        var otherState = (await factory.Queue.GetAsync(other.Id, Ct))!.State;
        Assert.Equal(
            otherState is JobStates.Queued or JobStates.Running ? HttpStatusCode.Accepted : HttpStatusCode.Conflict,
            (await admin.PostAsync($"/api/jobs/{other.Id}/cancel", null, Ct)).StatusCode);
    }
}
