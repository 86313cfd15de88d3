namespace JiraQuality.Core.Review;

public static class ReviewSources
{
    public const string Web = "web";
    public const string Import = "import";
}
