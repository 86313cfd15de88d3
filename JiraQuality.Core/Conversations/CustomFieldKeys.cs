namespace JiraQuality.Core.Conversations;

/// <summary>Well-known keys of <see cref="JiraTicket.CustomFields"/>.</summary>
public static class CustomFieldKeys
{
    public const string Hub = "hub";
    public const string ContactReason = "contact_reason";
    public const string SatisfactionRating = "satisfaction_rating";
    public const string RefundReason = "refund_reason";
    public const string Dock = "dock";
    public const string RentalId = "rental_id";
    public const string BikeQrCode = "bike_qr_code";
}
