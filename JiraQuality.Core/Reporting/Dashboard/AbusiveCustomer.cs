namespace JiraQuality.Core.Reporting.Dashboard;

public sealed record AbusiveCustomer(string Customer, long AbusiveConversations, long AbuseHits, double? MeanCustomerScore, IReadOnlyList<string> IssueKeys);
