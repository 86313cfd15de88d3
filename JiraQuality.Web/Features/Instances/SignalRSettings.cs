using StackExchange.Redis;

namespace JiraQuality.Web.Features.Instances;

/// <summary>Bound from the <c>SignalR</c> section of appsettings.json.</summary>
public sealed class SignalRSettings
{
    public const string SectionName = "SignalR";

    /// <summary>
    /// A StackExchange.Redis connection string (e.g. <c>redis1:6379,password=…</c>); empty: no backplane, and the
    /// instances' hub clients get the other instances' jobs through PostgreSQL <c>LISTEN/NOTIFY</c>.
    /// </summary>
    public string Redis { get; set; } = "";

    /// <summary>Prefixes every Redis channel, so several deployments can share one Redis.</summary>
    public string RedisChannelPrefix { get; set; } = "JiraQuality";

    /// <summary>The Redis connection string parsed, or null when it is empty.</summary>
    public ConfigurationOptions? ParseRedis()
    {
        if (string.IsNullOrWhiteSpace(Redis))
        {
            return null;
        }

        try
        {
            return ConfigurationOptions.Parse(Redis);
        }
        catch (ArgumentException ex)
        {
            // The message of a bad option names the option, never the password beside it.
            throw new InvalidOperationException($"SignalR:Redis is not a valid Redis connection string: {ex.Message}", ex);
        }
    }
}
