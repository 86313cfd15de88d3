namespace JiraQuality.Web.Features.Instances;

/// <summary>Whether the <c>/hubs/jobs</c> messages reach the other instances' clients through a Redis backplane.</summary>
public sealed record SignalRBackplane(bool Enabled);
