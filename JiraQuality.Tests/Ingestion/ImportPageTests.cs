using Bunit;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Web.Features.Import;
using MudBlazor.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace JiraQuality.Tests.Ingestion;

// Not a MudTestContext: the page's own services must be registered before MudBlazor's setup builds the provider.
public sealed class ImportPageTests : BunitContext, IAsyncLifetime
{
    ValueTask IAsyncLifetime.InitializeAsync() => ValueTask.CompletedTask;

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    [Fact]
    public async Task Shows_the_empty_state_then_the_report_with_rejected_rows_encoded()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var kit = new IngestionTestKit(database);
        var state = new ImportPageState(kit.Import, new ImportReportArchive(), new ServiceCollection().BuildServiceProvider(), kit.Clock, NullLogger<ImportPageState>.Instance);
        Services.AddSingleton(state);
        Services.AddSingleton(kit.Options);
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));

        var page = Render<ImportPage>();
        Assert.NotNull(page.Find("h1#page-title"));
        Assert.Contains("No import yet", page.Find("#import-empty").TextContent);

        var path = kit.WriteFile("upload.csv", CsvText.File(CsvText.Header(), CsvText.Row("CC-1"), CsvText.Row("<b>x</b>")));
        Assert.True(state.TryStart([new ImportFile(path, "march.csv")]));
        await state.WhenIdleAsync();

        page.WaitForAssertion(() => Assert.Contains("1 created", page.Find("#import-summary").TextContent));
        Assert.Contains("march.csv", page.Find("#import-report").TextContent);
        Assert.Contains("Rejected rows (1)", page.Markup);
        page.FindAll(".mud-expand-panel-header").First().Click();
        page.WaitForAssertion(() => Assert.Contains("&lt;b&gt;x&lt;/b&gt;", page.Markup));
        Assert.DoesNotContain("<b>x</b>", page.Markup);
        Assert.False(File.Exists(path), "the uploaded copy is deleted after the import");
    }
}
