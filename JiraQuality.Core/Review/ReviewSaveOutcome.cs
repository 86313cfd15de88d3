namespace JiraQuality.Core.Review;

public enum ReviewSaveOutcome
{
    Created,
    Updated,
    Unchanged,
    Invalid,
}
