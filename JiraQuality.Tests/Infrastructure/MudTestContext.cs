using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace JiraQuality.Tests.Infrastructure;

/// <summary>bUnit with MudBlazor's services; disposed asynchronously because some of them only support that.</summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    protected MudTestContext()
        : this(_ => { })
    {
    }

    /// <summary>For tests that add services: the renderer set up below freezes the service collection.</summary>
    protected MudTestContext(Action<IServiceCollection> configureServices)
    {
        Services.AddMudServices();
        configureServices(Services);
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    ValueTask IAsyncLifetime.InitializeAsync() => ValueTask.CompletedTask;

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
