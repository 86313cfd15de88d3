namespace JiraQuality.Core.Ingestion.Roles;

/// <summary>
/// A person marked as a customer (table <c>known_customers</c>): their comments are customer messages on every ticket,
/// whatever the inferred rules would say. Keyed by Cloud account id or Server/Data Center username.
/// </summary>
public sealed class KnownCustomer
{
    public string AccountId { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public DateTime AddedAtUtc { get; set; }
}
