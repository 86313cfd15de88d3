using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;
using JiraQuality.Web.Features.Jobs;

namespace JiraQuality.Web.Features.Instances;

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
