using System.Globalization;
using System.Threading.Channels;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>The conversations a run will score, and those set aside after repeated failures (at most 50 listed).</summary>
public sealed record ProcessingSelection(List<string> Keys, List<string> SetAside);
