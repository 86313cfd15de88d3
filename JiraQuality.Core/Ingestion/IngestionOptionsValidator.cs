using Microsoft.Extensions.Options;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Ingestion.Csv;

namespace JiraQuality.Core.Ingestion;

/// <summary>
/// The Ingestion rules a range cannot say: the time zone and the tier must be known. Fails at start-up, naming the
/// setting, instead of at the first import.
/// </summary>
public sealed class IngestionOptionsValidator : IValidateOptions<IngestionOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestionOptions options)
    {
        var problems = new List<string>();
        try
        {
            JiraDateParser.ResolveTimeZone(options.ExportTimeZone);
        }
        catch (InvalidOperationException exception)
        {
            problems.Add(exception.Message);
        }

        if (AgentDirectoryService.ParseTier(options.UnlistedAgentTier) == Conversations.AgentTier.None)
        {
            problems.Add($"Ingestion:UnlistedAgentTier '{options.UnlistedAgentTier}' is not Tier 1, Tier 2 or Non agent.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
