using Microsoft.Extensions.DependencyInjection;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Scoring.Taxonomy;

namespace JiraQuality.Tests.Instances;

/// <summary>
/// A taxonomy uploaded on one instance's Settings page is kept in the database: every instance scores with it and
/// computes the same scorer version, so none re-scores the others' work.
/// </summary>
public sealed class SharedTaxonomyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_taxonomy_saved_on_one_instance_gives_both_the_same_scorer_version()
    {
        await using var instances = await TwoInstances.StartAsync(new Dictionary<string, string?>
        {
            ["Scoring:Scorer"] = "llm",
            // Never called: building a scorer reads its version without asking the model anything.
            ["Llm:Endpoint"] = "http://127.0.0.1:9/v1",
        });
        var before = Version(instances.A.Services);
        Assert.Equal(before, Version(instances.B.Services));

        const string json = """{ "name": "Shop", "reasons": [ { "label": "Refund", "hints": ["money back"] }, { "label": "Delivery", "hints": ["parcel"] } ] }""";
        await instances.A.Services.GetRequiredService<TaxonomyStore>().SaveUploadedAsync(json, "shop-reasons.json", Ct);

        var after = Version(instances.A.Services);
        Assert.NotEqual(before, after);
        Assert.Equal(after, Version(instances.B.Services));
        var onB = instances.B.Services.GetRequiredService<TaxonomyStore>().Load();
        Assert.Equal(TaxonomySourceKind.Uploaded, onB.Kind);
        Assert.Equal(["Refund", "Delivery"], onB.Taxonomy.Reasons.Select(r => r.Label).Take(2));

        // Nothing of it is in either instance's data folder.
        Assert.False(File.Exists(Path.Combine(instances.A.DataDirectory, TaxonomyStore.UploadedFileName)));

        // Back to the default on B: A follows.
        instances.B.Services.GetRequiredService<TaxonomyStore>().ResetToDefault();
        Assert.Equal(before, Version(instances.A.Services));
    }

    private static string Version(IServiceProvider services) =>
        services.GetRequiredService<ScorerFactory>().Create(new ScorerSelection()).Version;
}
