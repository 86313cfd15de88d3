using Bunit;
using MudBlazor;
using JiraQuality.Web.Components.Shared;

namespace JiraQuality.Tests.Scoring;

/// <summary>Answers the confirmation a spending button opens, returning the dialog's text.</summary>
internal static class SpendDialog
{
    public static async Task<string> AnswerAsync(IRenderedComponent<MudDialogProvider> dialogs, Task click, bool confirm)
    {
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll(".mud-dialog")), TimeSpan.FromSeconds(30));
        var text = dialogs.Find(".mud-dialog").TextContent;
        var answer = confirm ? SpendConfirmation.ConfirmText : "Cancel";
        await dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == answer).ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        await click.WaitAsync(TimeSpan.FromSeconds(30), Xunit.TestContext.Current.CancellationToken);
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        return text;
    }
}
