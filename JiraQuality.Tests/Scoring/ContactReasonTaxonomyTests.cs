using JiraQuality.Core.Scoring.Taxonomy;
using JiraQuality.Core.Settings;

namespace JiraQuality.Tests.Scoring;

public sealed class ContactReasonTaxonomyTests
{
    [Fact]
    public void The_shipped_it_service_desk_taxonomy_loads_with_hints_and_Other()
    {
        var path = Path.Combine(DataDirectory.Resolve(null), ContactReasonTaxonomy.DefaultFileName);
        var taxonomy = ContactReasonTaxonomy.Load(path);
        Assert.True(taxonomy.Reasons.Count >= 20);
        Assert.Contains("Password reset", taxonomy.Labels);
        Assert.Equal("Other", taxonomy.Labels.Last());
        Assert.Contains("forgot password", taxonomy.Reasons.Single(r => r.Label == "Password reset").Hints);
    }

    [Fact]
    public void The_predecessor_format_is_accepted_and_Other_is_added()
    {
        var taxonomy = ContactReasonTaxonomy.Parse("""["Refund request", "Payment issues", "Refund request"]""");
        Assert.Equal(["Refund request", "Payment issues", "Other"], taxonomy.Labels);
        Assert.Equal(("Payment issues", true), taxonomy.Match("payment ISSUES"));
        Assert.Equal(("Other", false), taxonomy.Match("Refund request: money back"));
    }

    [Fact]
    public void A_label_to_hints_object_is_accepted_and_its_fingerprint_differs()
    {
        var a = ContactReasonTaxonomy.Parse("""{"VPN": ["vpn down"], "Printer": []}""");
        var b = ContactReasonTaxonomy.Parse("""{"VPN": ["vpn down"]}""");
        Assert.Equal(["VPN", "Printer", "Other"], a.Labels);
        Assert.NotEqual(a.Fingerprint, b.Fingerprint);
    }

    [Fact]
    public void Bad_files_are_rejected_with_the_file_name()
    {
        var file = Path.Combine(Path.GetTempPath(), $"jq-taxonomy-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{"reasons": [{"label": "A"}, 42]}""");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => ContactReasonTaxonomy.Load(file));
            Assert.Contains(file, error.Message);
            Assert.Contains("reason #2", error.Message);

            File.WriteAllText(file, "{ not json");
            Assert.Contains(file, Assert.Throws<InvalidDataException>(() => ContactReasonTaxonomy.Load(file)).Message);
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Throws<FileNotFoundException>(() => ContactReasonTaxonomy.Load(file));
    }
}
