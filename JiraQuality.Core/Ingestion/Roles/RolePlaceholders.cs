namespace JiraQuality.Core.Ingestion.Roles;

/// <summary>
/// What stands for a person in redacted text, whether the text named them or mentioned their account: their role on
/// the ticket, never a name or an id. One spelling for every redaction rule, so prompts and exports read alike.
/// </summary>
public static class RolePlaceholders
{
    public const string Customer = "[customer]";
    public const string Agent = "[agent]";
}
