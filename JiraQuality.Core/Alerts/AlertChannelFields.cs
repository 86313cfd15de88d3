namespace JiraQuality.Core.Alerts;

/// <summary>A channel form's fields as they are checked and stored: trimmed, the kind in lower case, recipients as one list.</summary>
internal sealed record AlertChannelFields(string Name, string Kind, string Url, string Secret, string To)
{
    public static AlertChannelFields From(AlertChannelInput input) => new(
        (input.Name ?? "").Trim(),
        (input.Kind ?? "").Trim().ToLowerInvariant(),
        (input.Url ?? "").Trim(),
        input.Secret ?? "",
        string.Join(", ", (input.To ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
}
