using System.Globalization;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Review;

public enum ReviewSaveOutcome
{
    Created,
    Updated,
    Unchanged,
    Invalid,
}
