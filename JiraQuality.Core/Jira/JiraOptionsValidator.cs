namespace JiraQuality.Core.Jira;

/// <summary>The Jira rules one field alone cannot say: addresses and dates that must parse.</summary>
public sealed class JiraOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<JiraOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, JiraOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.BaseUrl)
            && (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            errors.Add($"Jira:BaseUrl (JIRA_BASE_URL) must be an absolute http(s) address, got '{options.BaseUrl}'.");
        }

        foreach (var (value, key) in new[] { (options.StartDate, "Jira:StartDate"), (options.EndDate, "Jira:EndDate") })
        {
            if (!string.IsNullOrWhiteSpace(value)
                && !DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
            {
                errors.Add($"{key} must be a date as yyyy-MM-dd, got '{value}'.");
            }
        }

        if (options.TotalTimeoutSeconds < options.RequestTimeoutSeconds)
        {
            errors.Add("Jira:TotalTimeoutSeconds must be at least Jira:RequestTimeoutSeconds.");
        }

        return errors.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(errors);
    }
}
