using System.Text.Json;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Reporting.ConversationQueries;

/// <summary>A score with the scorer's reason and the messages (1-based) it cites.</summary>
public sealed record ScoreExplanation(string Name, double? Score, string? Reason, IReadOnlyList<int> Evidence);
