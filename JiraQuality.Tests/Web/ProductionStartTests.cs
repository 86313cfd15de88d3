using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using JiraQuality.Core.Settings;

namespace JiraQuality.Tests.Web;

/// <summary>The documented start, <c>dotnet run --project JiraQuality.Web</c>, runs as Production and still serves its assets.</summary>
public sealed partial class ProductionStartTests
{
    [Fact]
    public async Task Dotnet_run_starts_in_production_serves_the_assets_and_answers_bad_input_without_a_stack_trace()
    {
        var root = DataDirectory.FindSolutionRoot(AppContext.BaseDirectory)!;
        var data = Path.Combine(Path.GetTempPath(), "jq-run-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = data };
        foreach (var argument in new[] { "run", "--no-build", "--project", Path.Combine(root, "JiraQuality.Web") })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["Urls"] = "http://127.0.0.1:0";
        start.Environment["Data__Directory"] = data;
        start.Environment["ConnectionStrings__JiraQuality"] = $"Data Source={Path.Combine(data, "run.db")}";
        start.Environment["Sample__ImportOnFirstStart"] = "false";
        start.Environment["Schedule__Enabled"] = "false";
        using var process = Process.Start(start)!;
        var log = new System.Text.StringBuilder();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (log)
            {
                log.AppendLine(e.Data);
            }

            if (e.Data is not null && ListeningOn().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(match.Groups["url"].Value);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (log)
            {
                log.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var url = await listening.Task.WaitAsync(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = new Uri(url) };

            // A first start: the API waits for the first admin, created on the server itself (loopback, no setup code).
            var beforeAdmin = await client.GetAsync("/api/metrics", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, beforeAdmin.StatusCode);
            using var created = await Identity.AccountForms.PostAsync(client, "/first-run", "first-run", new Dictionary<string, string>
            {
                ["Input.Email"] = "owner@example.org",
                ["Input.Password"] = "first admin passphrase",
                ["Input.ConfirmPassword"] = "first admin passphrase",
            });
            Assert.Equal(HttpStatusCode.Found, created.StatusCode);

            var asset = await client.GetAsync("/_content/MudBlazor/MudBlazor.min.css", TestContext.Current.CancellationToken);
            var framework = await client.GetAsync("/_framework/blazor.web.js", TestContext.Current.CancellationToken);
            var bad = await client.GetAsync("/api/metrics?asOf=9999-12-31T23:59:59Z", TestContext.Current.CancellationToken);
            var badBody = await bad.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

            string text;
            lock (log)
            {
                text = log.ToString();
            }

            Assert.Contains("Hosting environment: Production", text);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Equal(HttpStatusCode.OK, framework.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.DoesNotContain("   at ", badBody);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS temp cleaner.
            }
        }
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex ListeningOn();
}
