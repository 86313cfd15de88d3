using JiraQuality.Core.Jobs;
using JiraQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Jobs;

/// <summary>The real app with the scripted test handlers registered beside the real ones.</summary>
public sealed class JobsAppFactory(JobScript script, IDictionary<string, string?>? settings = null) : JiraQualityAppFactory(settings)
{
    public JobScript Script { get; } = script;

    public IJobQueue Queue => Services.GetRequiredService<IJobQueue>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton(Script);
            services.AddScoped<IJobHandler, TestKindAHandler>();
            services.AddScoped<IJobHandler, TestKindBHandler>();
        });
    }
}
