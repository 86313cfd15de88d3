using JiraQuality.Core.Reporting.Dashboard;
namespace JiraQuality.Core.Reporting;

/// <summary>The default trend time zone must exist on this machine, or every dashboard request would fail.</summary>
public sealed class MetricsOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<MetricsOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        try
        {
            _ = TrendBuckets.ResolveZone(options.DefaultTimeZone);
            return Microsoft.Extensions.Options.ValidateOptionsResult.Success;
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return Microsoft.Extensions.Options.ValidateOptionsResult.Fail($"Metrics:DefaultTimeZone is not a known time zone: '{options.DefaultTimeZone}'.");
        }
    }
}
