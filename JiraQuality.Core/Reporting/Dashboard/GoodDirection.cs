namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>Which way a change is an improvement.</summary>
public enum GoodDirection
{
    Up,
    Down,
    Neutral,
}
