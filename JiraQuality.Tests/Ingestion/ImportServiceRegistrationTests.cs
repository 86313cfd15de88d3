using JiraQuality.Core.Jobs;
using JiraQuality.Web.Features.Dashboard;
using JiraQuality.Web.Features.Import;
using JiraQuality.Web.Features.Jira;
using JiraQuality.Web.Features.Jobs;
using JiraQuality.Web.Features.Scoring;
using JiraQuality.Web.Hosting;
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
        services.AddSingleton(TimeProvider.System);
        services.AddJiraQualityStorage(migrateOnStart: false);
        services.AddJiraQualityIngestion();
        services.AddJiraQualityScoring();
        services.AddJiraQualityMetrics();
        services.AddJiraQualityJira();
        services.AddJobRecords();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<IJobQueue, InlineJobQueue>();

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<InlineJobQueue>(provider.GetRequiredService<IJobQueue>());
        Assert.Contains(services, d => d.ServiceType == typeof(ImportPageState));
    }

    [Fact]
    public void The_command_line_host_has_the_inline_queue()
    {
        using var host = JiraQuality.Web.Hosting.CommandLineApp.BuildHost(migrate: false);

        Assert.IsType<InlineJobQueue>(host.Services.GetRequiredService<IJobQueue>());
    }
}
