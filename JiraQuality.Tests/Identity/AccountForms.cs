using System.Net;
using JiraQuality.Tests.Infrastructure;

namespace JiraQuality.Tests.Identity;

/// <summary>Posts an account page's form the way a browser does: the page first (for its antiforgery token and cookie), then the form.</summary>
internal static class AccountForms
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string formName, IDictionary<string, string> fields)
    {
        using var page = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)page.StatusCode}: {html}");
        var form = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = JiraQualityAppFactory.AntiforgeryToken(html),
        };
        return await client.PostAsync(path, new FormUrlEncodedContent(form), TestContext.Current.CancellationToken);
    }

    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        PostAsync(client, "/account/sign-in", "sign-in", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
}
