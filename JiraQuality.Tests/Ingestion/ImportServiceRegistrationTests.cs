using JiraQuality.Core;
using JiraQuality.Core.Jobs;
using JiraQuality.Web.Features.Import;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Ingestion;

public sealed class ImportServiceRegistrationTests
{
    [Fact]
    public void The_command_line_services_pass_development_validation_with_a_queue_that_runs_jobs_inline()
    {
        // What CommandLineApp.BuildHost registers; a Development host validates all of it when it is built.
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddJiraQualityCore(background: false);

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<InlineJobQueue>(provider.GetRequiredService<IJobQueue>());
        // The import page's state is the web app's alone: Core registrations carry nothing of a page.
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(ImportPageState));
    }

    [Fact]
    public void The_command_line_host_has_the_inline_queue()
    {
        using var host = JiraQuality.Web.Hosting.CommandLineApp.BuildHost(migrate: false);

        Assert.IsType<InlineJobQueue>(host.Services.GetRequiredService<IJobQueue>());
    }
}
