namespace JiraQuality.Core.Alerts;

/// <summary>What one pass over the outbox did.</summary>
public sealed record AlertDeliveryPass(int Sent, int Retrying, int Failed);
