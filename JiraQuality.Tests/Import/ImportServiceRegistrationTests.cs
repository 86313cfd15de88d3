using JiraQuality.Core.Jobs;
using JiraQuality.Web.Features.Import;
using JiraQuality.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Import;

public sealed class ImportServiceRegistrationTests
{
    [Fact]
    public void The_command_line_services_pass_development_validation_without_a_job_queue()
    {
        // What CommandLineApp.BuildHost registers; a Development host validates all of it when it is built.
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddJiraQualityStorage(migrateOnStart: false);
        services.AddJiraQualityIngestion();
        services.AddJiraQualityScoring();
        services.AddJiraQualityMetrics();
        services.AddJiraQualityJira();

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.Null(provider.GetService<IJobQueue>());
        Assert.Contains(services, d => d.ServiceType == typeof(ImportPageState));
    }
}
