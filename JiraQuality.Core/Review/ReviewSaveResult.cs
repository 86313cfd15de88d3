using System.Globalization;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Review;

public sealed record ReviewSaveResult(ReviewSaveOutcome Outcome, ReviewView? Review, IReadOnlyList<string> Problems);
