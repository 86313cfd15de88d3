using System.Net;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace JiraQuality.Tests.Web;

/// <summary>Out-of-range instants, pages and sizes on the HTTP API are 400s that say what is allowed: never 500, never clamped.</summary>
public sealed class ApiInputRangeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Out_of_range_query_values_are_400s_naming_the_field_and_the_allowed_range(DatabaseProvider provider)
    {
        await using var app = await JiraQualityAppFactory.ForProviderAsync(provider);
        using var production = app.WithWebHostBuilder(builder => builder.UseEnvironment("Production"));
        var client = production.CreateClient();

        async Task BadRequestAsync(string url, string expected)
        {
            var response = await client.GetAsync(url, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode} {body}");
            Assert.Contains(expected, body);
            Assert.DoesNotContain("   at ", body);
        }

        await BadRequestAsync("/api/metrics?asOf=9999-12-31T23:59:59Z", "Query field 'asOf' must be an instant from 2000-01-01T00:00:00Z up to 2100-01-01T00:00:00Z (got '9999-12-31T23:59:59Z')");
        await BadRequestAsync("/api/metrics?asOf=0001-01-01T00:00:00Z", "Query field 'asOf' must be an instant from");
        await BadRequestAsync("/api/conversations?asOf=9999-12-31T23:59:59Z", "Query field 'asOf'");
        await BadRequestAsync("/api/conversations?page=2147483647&pageSize=2147483647", "Query field 'pageSize' must be a whole number from 1 to 500 (got '2147483647')");
        await BadRequestAsync("/api/conversations?page=2147483647&pageSize=25", "Query field 'page' must be a whole number from 0 to 85899345 (got '2147483647')");
        await BadRequestAsync("/api/conversations?page=-1", "Query field 'page' must be a whole number from 0");
        await BadRequestAsync("/api/conversations?page=two", "Query field 'page' must be a whole number");
        await BadRequestAsync("/api/conversations?pageSize=0", "Query field 'pageSize' must be a whole number from 1 to 500");
        await BadRequestAsync("/api/conversations/export/csv?asOf=9999-12-31T23:59:59Z", "Query field 'asOf'");
        await BadRequestAsync("/api/jobs?take=99999999999", "Query field 'take' must be a whole number from 1 to 1000 (got '99999999999')");
        await BadRequestAsync("/api/scoring/analysis.csv?from=9999-12-31", "Query field 'from' must be an instant from");

        var lastPage = await client.GetAsync("/api/conversations?page=4294967&pageSize=500", Ct);
        Assert.Equal(HttpStatusCode.OK, lastPage.StatusCode);
        Assert.Contains("\"items\":[]", await lastPage.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/metrics?asOf=2099-12-31T23:00:00Z", Ct)).StatusCode);
    }
}
