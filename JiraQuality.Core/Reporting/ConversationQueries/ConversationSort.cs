using System.Text.Json;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Reporting.ConversationQueries;

public enum ConversationSort
{
    Ended,
    IssueKey,
    Agent,
    ConversationScore,
    AgentScore,
    CustomerScore,
    FirstResponse,
    Resolution,
    Cost,
}
