using MudBlazor;
using JiraQuality.Core.Scoring.Processing;

namespace JiraQuality.Web.Components.Shared;

/// <summary>
/// Asks before a button starts work that may call the LLM, naming the estimated cost: until the app has sign-in,
/// anyone who can open the page can press these buttons, while the API asks for the refresh secret.
/// </summary>
public static class SpendConfirmation
{
    public const string ConfirmText = "Start";

    /// <summary>
    /// True when the user confirmed; false when they cancelled or closed the dialog. With <paramref name="askWhenFree"/>
    /// off, work that calls no LLM goes ahead without a dialog; a failed estimate always asks.
    /// </summary>
    public static async Task<bool> ConfirmAsync(IDialogService dialogs, string action, Func<Task<ProcessingCostEstimate>> estimate, string? scope = null, bool askWhenFree = true)
    {
        string message;
        try
        {
            var cost = await estimate();
            if (!cost.UsesLlm && !askWhenFree)
            {
                return true;
            }

            message = cost.Describe();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            message = "The cost could not be estimated: " + exception.Message;
        }

        var answer = await dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = action,
            Message = scope is null ? message : $"{message} {scope}",
            YesText = ConfirmText,
            CancelText = "Cancel",
        });
        return answer == true;
    }
}
