using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using JiraQuality.Core.Scoring.Processing;

namespace JiraQuality.Core.Alerts;

public static class AlertDeliveryRules
{
    public const string Digest = "digest";
}
