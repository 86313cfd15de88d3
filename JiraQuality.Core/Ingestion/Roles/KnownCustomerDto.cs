namespace JiraQuality.Core.Ingestion.Roles;

/// <summary>A person marked as a customer, as pages and reports read it (the stored row stays inside the module).</summary>
public sealed record KnownCustomerDto(string AccountId, string DisplayName, DateTime AddedAtUtc);
