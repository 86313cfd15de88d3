namespace JiraQuality.Web.Features.Alerts;

/// <summary>Field errors of the channel and rule forms, by input property name.</summary>
public static class AlertFormErrors
{
    /// <summary>No field has an error (a form just opened or saved).</summary>
    public static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();
}
