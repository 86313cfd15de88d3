using System.Globalization;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Review;

public sealed record DisputeEventView(DateTime AtUtc, string Actor, string State, double? CorrectedScore, string? Note);
