namespace JiraQuality.Core.Identity;

/// <summary>A stored row that belongs to a hub, so the one hub-scope rule (<see cref="HubScope"/>) applies to it.</summary>
public interface IHubScoped
{
    string? Hub { get; }
}
