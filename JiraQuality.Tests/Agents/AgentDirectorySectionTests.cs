using Bunit;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using JiraQuality.Tests.Settings;
using JiraQuality.Web.Features.Agents;

namespace JiraQuality.Tests.Agents;

public sealed class AgentDirectorySectionTests : MudTestContext
{
    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    private static async Task SeedAsync(SettingsSectionsHost host, params (string Id, string Name, string Tier)[] agents) =>
        await host.Directory_.ReplaceAllAsync([.. agents.Select(a => new AgentDirectoryEntry { AccountId = a.Id, DisplayName = a.Name, Tier = a.Tier })], Token);

    private static async Task<Dictionary<string, (string Name, string Tier)>> StoredAsync(SettingsSectionsHost host) =>
        (await host.Directory_.GetAllAsync(Token)).ToDictionary(e => e.AccountId, e => (e.DisplayName, e.Tier));

    private IRenderedComponent<AgentDirectorySection> RenderSection(SettingsSectionsHost host)
    {
        Services.AddFallbackServiceProvider(host.Services);
        Render<MudPopoverProvider>();
        var section = Render<AgentDirectorySection>();
        section.WaitForAssertion(() => Assert.Empty(section.FindAll("#agent-directory-loading")));
        return section;
    }

    private static async Task SetTierAsync(IRenderedComponent<AgentDirectorySection> section, string tier)
    {
        var select = section.FindComponent<MudSelect<string>>();
        await section.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(tier));
    }

    [Fact]
    public async Task An_empty_directory_says_so_and_an_added_agent_is_stored_with_its_tier()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = new SettingsSectionsHost(db);
        var section = RenderSection(host);

        Assert.Contains("The directory is empty", section.Find("#agent-directory-empty").TextContent);
        Assert.Contains("Each change saved here also starts a job", section.Find("#agent-directory-note").TextContent);

        section.Find("#agent-account-id").Input("712020:new-agent");
        section.Find("#agent-display-name").Input("<b>Nadia</b> Ortiz");
        await SetTierAsync(section, "Tier 2");
        await section.Find("form").SubmitAsync();

        section.WaitForAssertion(() => Assert.Single(section.FindAll("#agent-table tbody tr")));
        Assert.Equal(("<b>Nadia</b> Ortiz", "Tier 2"), (await StoredAsync(host))["712020:new-agent"]);
        // The name is text, never markup.
        Assert.Contains("&lt;b&gt;Nadia&lt;/b&gt; Ortiz", section.Find("#agent-table .agent-name").InnerHtml);
        Assert.Contains("Added", section.Find("#agent-directory-status").TextContent);
    }

    [Fact]
    public async Task Editing_changes_the_tier_and_removing_deletes_the_row()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = new SettingsSectionsHost(db);
        await SeedAsync(host, ("712020:a", "Ana Silva", "Tier 1"), ("712020:b", "Bruno Costa", "Tier 1"));
        var section = RenderSection(host);

        await section.Find("button[aria-label='Edit Ana Silva']").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        Assert.Contains("Edit 712020:a", section.Find("#agent-form-heading").TextContent);
        await SetTierAsync(section, "Tier 2");
        await section.Find("form").SubmitAsync();

        section.WaitForAssertion(() => Assert.Contains("Saved Ana Silva (Tier 2)", section.Find("#agent-directory-status").TextContent));
        Assert.Equal("Tier 2", (await StoredAsync(host))["712020:a"].Tier);
        Assert.Equal("Add an agent", section.Find("#agent-form-heading").TextContent.Trim());

        await section.Find("button[aria-label='Remove Bruno Costa']").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        section.WaitForAssertion(() => Assert.Single(section.FindAll("#agent-table tbody tr")));
        Assert.Equal(["712020:a"], (await StoredAsync(host)).Keys);

        // The last entry stays: an empty table would be loaded again from the data folder's file.
        await section.Find("button[aria-label='Remove Ana Silva']").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        section.WaitForAssertion(() => Assert.Contains("is the last agent and was kept", section.Find("#agent-directory-save-error").TextContent));
        Assert.Equal(["712020:a"], (await StoredAsync(host)).Keys);
    }

    [Fact]
    public async Task Search_filters_the_rows()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = new SettingsSectionsHost(db);
        await SeedAsync(host, ("712020:a", "Ana Silva", "Tier 1"), ("712020:b", "Bruno Costa", "Tier 2"), ("qm:c", "Front desk", "Non agent"));
        var section = RenderSection(host);

        section.Find("#agent-search").Input("bruno");

        section.WaitForAssertion(() => Assert.Equal(["Bruno Costa"], section.FindAll("#agent-table .agent-name").Select(c => c.TextContent.Trim())));
        section.Find("#agent-search").Input("nobody");
        section.WaitForAssertion(() => Assert.Contains("No agent matches", section.Find("#agent-no-match").TextContent));
    }

    [Fact]
    public async Task An_empty_or_duplicate_account_id_is_refused_and_nothing_is_stored()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = new SettingsSectionsHost(db);
        await SeedAsync(host, ("712020:a", "Ana Silva", "Tier 1"));
        var section = RenderSection(host);

        section.Find("#agent-account-id").Input("   ");
        await section.Find("form").SubmitAsync();
        section.WaitForAssertion(() => Assert.Contains("Account id is required.", section.Markup));

        section.Find("#agent-account-id").Input("712020:A");
        section.Find("#agent-display-name").Input("Someone else");
        await section.Find("form").SubmitAsync();
        section.WaitForAssertion(() => Assert.Contains("Account id '712020:A' is already in the directory.", section.Markup));

        Assert.Equal(("Ana Silva", "Tier 1"), Assert.Single(await StoredAsync(host)).Value);
    }

    [Fact]
    public async Task An_unknown_tier_is_refused()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = new SettingsSectionsHost(db);
        var section = RenderSection(host);

        section.Find("#agent-account-id").Input("712020:x");
        await SetTierAsync(section, "Tier 3");
        await section.Find("form").SubmitAsync();

        section.WaitForAssertion(() => Assert.Contains("Choose Tier 1, Tier 2 or Non agent.", section.Markup));
        Assert.Empty(await StoredAsync(host));
    }

    [Fact]
    public async Task A_bad_csv_names_each_line_and_field_and_keeps_the_stored_directory()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = new SettingsSectionsHost(db);
        await SeedAsync(host, ("712020:a", "Ana Silva", "Tier 1"));
        var section = RenderSection(host);

        var csv = "account_id,display_name,tier\n712020:b,Bruno,Tier 2\n,No id,Tier 1\n712020:B,Bruno again,Tier 1\n712020:c,Carla,Tier 9\n";
        section.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(csv, "agents.csv"));

        section.WaitForAssertion(() => Assert.NotEmpty(section.FindAll("#agent-directory-save-error")));
        var error = section.Find("#agent-directory-save-error").TextContent;
        Assert.Contains("agents.csv", error);
        Assert.Contains("line 3, account_id: empty", error);
        Assert.Contains("line 4, account_id: '712020:B' is already on line 2", error);
        Assert.Contains("line 5, tier: 'Tier 9' is not Tier 1, Tier 2 or Non agent", error);
        Assert.Contains("Nothing was changed", error);
        Assert.Equal(["712020:a"], (await StoredAsync(host)).Keys);
    }

    [Fact]
    public async Task A_good_csv_replaces_the_directory()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = new SettingsSectionsHost(db);
        await SeedAsync(host, ("712020:a", "Ana Silva", "Tier 1"));
        var section = RenderSection(host);

        var csv = "account_id,display_name,tier\r\n712020:b,\"Costa, Bruno\",tier2\r\n712020:c,Carla,Non agent\r\n";
        section.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(csv, "agents.csv"));

        section.WaitForAssertion(() => Assert.Contains("Replaced the directory with 2 agents from agents.csv", section.Find("#agent-directory-status").TextContent));
        var stored = await StoredAsync(host);
        Assert.Equal(("Costa, Bruno", "Tier 2"), stored["712020:b"]);
        Assert.Equal(("Carla", "Non agent"), stored["712020:c"]);
        Assert.False(stored.ContainsKey("712020:a"));
        Assert.Equal(2, section.FindAll("#agent-table tbody tr").Count);
    }
}
