using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace JiraQuality.Tests.Instances;

/// <summary>A YARP reverse proxy on a loopback port in front of the app instances, configured per test.</summary>
public sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackProxy(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<LoopbackProxy> StartAsync(int port, IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters)
    {
        var url = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.StartAsync();
        return new LoopbackProxy(app, url);
    }

    /// <summary>A proxy configured from a <c>ReverseProxy</c> section, the way a YARP app reads its appsettings.json.</summary>
    public static async Task<LoopbackProxy> StartAsync(int port, Microsoft.Extensions.Configuration.IConfigurationSection reverseProxy)
    {
        var url = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddReverseProxy().LoadFromConfig(reverseProxy);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.StartAsync();
        return new LoopbackProxy(app, url);
    }

    public static ClusterConfig Cluster(string id, params string[] addresses) => new()
    {
        ClusterId = id,
        Destinations = addresses.Select((address, i) => (address, i))
            .ToDictionary(d => $"{id}-{d.i}", d => new DestinationConfig { Address = d.address }),
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
