using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;
using JiraQuality.Web.Features.Jobs;

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

/// <summary>A Redis connection string that does not parse stops the start, named.</summary>
public sealed class SignalRSettingsValidator : Microsoft.Extensions.Options.IValidateOptions<SignalRSettings>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, SignalRSettings options)
    {
        try
        {
            _ = options.ParseRedis();
            return Microsoft.Extensions.Options.ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException ex)
        {
            return Microsoft.Extensions.Options.ValidateOptionsResult.Fail(ex.Message);
        }
    }
}

/// <summary>Whether the <c>/hubs/jobs</c> messages reach the other instances' clients through a Redis backplane.</summary>
public sealed record SignalRBackplane(bool Enabled);

public static class RedisBackplane
{
    /// <summary>
    /// With <c>SignalR:Redis</c> set, every instance publishes its hub messages (job states to all clients, log lines to
    /// a job's group) on Redis and each instance delivers them to its own clients; each instance's hub relay then sends
    /// only the jobs it runs itself, so no client gets a message twice. The pages keep getting the other instances' jobs
    /// through <c>LISTEN/NOTIFY</c> either way.
    /// </summary>
    public static IServiceCollection AddRedisBackplane(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SignalRSettings>().BindConfiguration(SignalRSettings.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SignalRSettings>, SignalRSettingsValidator>();

        // Whether the hub uses Redis at all is decided while registering, from the same section.
        var settings = new SignalRSettings();
        configuration.GetSection(SignalRSettings.SectionName).Bind(settings);
        if (settings.ParseRedis() is not { } options)
        {
            services.AddSingleton(new SignalRBackplane(false));
            return services;
        }

        // An instance that starts while Redis is down keeps retrying instead of failing its hub for good.
        options.AbortOnConnectFail = false;
        options.ChannelPrefix = RedisChannel.Literal(string.IsNullOrWhiteSpace(settings.RedisChannelPrefix) ? "JiraQuality" : settings.RedisChannelPrefix);
        // Only the jobs hub goes through Redis: a Blazor circuit lives on one instance and needs no backplane, so
        // circuits neither wait for Redis nor cost it a subscription each.
        services.Configure<RedisOptions>(o => o.Configuration = options);
        services.AddSingleton<HubLifetimeManager<JobsHub>, RedisHubLifetimeManager<JobsHub>>();
        services.AddSingleton(new SignalRBackplane(true));
        return services;
    }
}
