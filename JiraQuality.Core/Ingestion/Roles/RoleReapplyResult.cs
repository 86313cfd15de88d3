using System.Globalization;

namespace JiraQuality.Core.Ingestion.Roles;

/// <summary>What one pass of <see cref="RoleReapplyService"/> did.</summary>
public sealed record RoleReapplyResult(int Examined, int Changed, int ChangedMeanwhile, int DirectoryAgents, IReadOnlyList<string> ChangedKeys)
{
    public int Unchanged => Examined - Changed - ChangedMeanwhile;

    public string Describe()
    {
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"Applied the agent directory ({DirectoryAgents} agents) to {Examined:N0} stored conversations: {Changed:N0} changed (roles, tiers or agent names), {Unchanged:N0} unchanged.");
        if (ChangedMeanwhile > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" {ChangedMeanwhile:N0} were re-imported while this ran and keep the imported copy.");
        }

        return text;
    }
}
