using Bunit;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Scoring.Taxonomy;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using JiraQuality.Tests.Settings;
using JiraQuality.Web.Features.Scoring;

namespace JiraQuality.Tests.Scoring;

public sealed class TaxonomySectionTests : MudTestContext
{
    private IRenderedComponent<TaxonomySection> RenderSection(SettingsSectionsHost host)
    {
        Services.AddFallbackServiceProvider(host.Services);
        return Render<TaxonomySection>();
    }

    [Fact]
    public async Task The_shipped_default_is_shown_with_its_hints()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = new SettingsSectionsHost(db);
        var section = RenderSection(host);

        Assert.Contains("Shipped default", section.Find("#taxonomy-source").TextContent);
        var rows = section.FindAll("#taxonomy-table tbody tr");
        Assert.True(rows.Count >= 20);
        var password = rows.Single(r => r.QuerySelector(".taxonomy-label")!.TextContent == "Password reset");
        Assert.Contains("forgot password", password.QuerySelector(".taxonomy-hints")!.TextContent);
        Assert.True(section.Find("#taxonomy-reset").HasAttribute("disabled"));
    }

    [Fact]
    public async Task An_uploaded_taxonomy_is_kept_in_the_data_folder_used_by_the_scorer_and_changes_its_version_until_reset()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = new SettingsSectionsHost(db, llm: null);
        var llm = new LlmOptions { Endpoint = "http://127.0.0.1:9/v1/", Model = "test-model" };
        var factory = new ScorerFactory(Options.Create(host.Scoring), Options.Create(llm), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        var defaultVersion = ((LlmScorer)factory.Create(new ScorerSelection())).Version;
        var section = RenderSection(host);

        var json = """{"reasons":[{"label":"Bike <broken>","hints":["chain","flat tyre"]},{"label":"Refund"}]}""";
        section.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(json, "bikes.json"));

        section.WaitForAssertion(() => Assert.Contains("Uploaded on this page", section.Find("#taxonomy-source").TextContent));
        Assert.Equal(["Bike <broken>", "Refund", "Other"], section.FindAll(".taxonomy-label").Select(c => c.TextContent));
        Assert.Contains("Bike &lt;broken&gt;", section.Find("#taxonomy-table").InnerHtml);
        Assert.Contains("chain, flat tyre", section.Markup);
        Assert.Contains("scores LLM-scored conversations again", section.Find("#taxonomy-status").TextContent);
        Assert.Equal(json, await File.ReadAllTextAsync(Path.Combine(host.DataDirectory, TaxonomyStore.UploadedFileName), Xunit.TestContext.Current.CancellationToken));

        var uploadedScorer = (LlmScorer)factory.Create(new ScorerSelection());
        Assert.NotEqual(defaultVersion, uploadedScorer.Version);
        Assert.Equal(["Bike <broken>", "Refund", "Other"], factory.LoadTaxonomy().Labels);

        Assert.False(section.Find("#taxonomy-reset").HasAttribute("disabled"));
        await section.Find("#taxonomy-reset").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        section.WaitForAssertion(() => Assert.Contains("Shipped default", section.Find("#taxonomy-source").TextContent));
        Assert.False(File.Exists(Path.Combine(host.DataDirectory, TaxonomyStore.UploadedFileName)));
        Assert.Equal(defaultVersion, ((LlmScorer)factory.Create(new ScorerSelection())).Version);
    }

    [Theory]
    [InlineData("""{"reasons":[{"label":"A",}]}""", "is not valid JSON (line 1")]
    [InlineData("""{"reasons":[{"name":"A"}]}""", "reason #1 needs a string or an object with a \"label\"")]
    [InlineData("""{"A": "not a list"}""", "hints of 'A' must be an array of strings")]
    [InlineData("""[]""", "has no contact reasons")]
    public async Task A_bad_file_is_refused_naming_the_problem_and_the_taxonomy_in_use_stays(string json, string expected)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = new SettingsSectionsHost(db);
        var section = RenderSection(host);
        var before = section.Find("#taxonomy-fingerprint").TextContent;

        section.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(json, "bad.json"));

        section.WaitForAssertion(() => Assert.NotEmpty(section.FindAll("#taxonomy-error")));
        var error = section.Find("#taxonomy-error").TextContent;
        Assert.Contains("bad.json", error);
        Assert.Contains(expected, error);
        Assert.Contains("unchanged", error);
        Assert.Equal(before, section.Find("#taxonomy-fingerprint").TextContent);
        Assert.Contains("Shipped default", section.Find("#taxonomy-source").TextContent);
        Assert.False(File.Exists(Path.Combine(host.DataDirectory, TaxonomyStore.UploadedFileName)));
    }

    [Fact]
    public async Task With_the_llm_scorer_a_processing_job_can_be_queued_from_the_section()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var queue = new JiraQuality.Tests.Jira.RecordingJobQueue();
        using var host = new SettingsSectionsHost(db, llm: new LlmOptions { Endpoint = "http://127.0.0.1:9/v1/" }, queue: queue);
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var section = RenderSection(host);

        await SpendDialog.AnswerAsync(dialogs, section.Find("#taxonomy-process-now").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs()), confirm: true);

        section.WaitForAssertion(() => Assert.Contains("Processing job queued", section.Find("#taxonomy-job").TextContent));
        var request = Assert.Single(queue.Requests);
        Assert.Equal((JiraQuality.Core.Jobs.JobKinds.Processing, JiraQuality.Core.Jobs.JobRequesters.Page), (request.Kind, request.RequestedBy));
    }

    [Fact]
    public async Task With_the_heuristic_scorer_no_processing_button_is_offered()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = new SettingsSectionsHost(db, queue: new JiraQuality.Tests.Jira.RecordingJobQueue());
        var section = RenderSection(host);

        Assert.Empty(section.FindAll("#taxonomy-process-now"));
    }
}
