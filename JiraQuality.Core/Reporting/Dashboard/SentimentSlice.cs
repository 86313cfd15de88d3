namespace JiraQuality.Core.Reporting.Dashboard;

public sealed record SentimentSlice(string Sentiment, long Count, double Percent);
