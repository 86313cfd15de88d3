using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Review;

public sealed record CalibrationReport(CalibrationSessionView Session, int Submitted, IReadOnlyList<CategorySpread> Spread, IReadOnlyList<ReviewerAgainstConsensus> Reviewers);
