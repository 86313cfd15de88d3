using JiraQuality.Core.Agents;
using JiraQuality.Core.Alerts;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Review;
using JiraQuality.Web.Features.Dashboard;
using JiraQuality.Web.Features.Identity;
using JiraQuality.Web.Features.Import;
using JiraQuality.Web.Features.Instances;
using JiraQuality.Web.Features.Jira;
using JiraQuality.Web.Features.Jobs;
using JiraQuality.Web.Features.Observability;
using JiraQuality.Web.Features.SavedViews;
using JiraQuality.Web.Features.Scoring;
using JiraQuality.Web.Hosting;

if (CommandLineApp.IsCommandLine(args))
{
    return await CommandLineApp.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(CommandLineApp.ServerArguments(args));

// Serves the package and framework assets from a build output (dotnet run) in any environment, not only in
// Development; a published app has them in wwwroot and this finds no manifest to add.
builder.WebHost.UseStaticWebAssets();
builder.Configuration.AddJiraQualitySettings();
builder.Services.AddJiraQualityStorage();
builder.Services.AddJiraQualityIdentity();
builder.Services.AddIdentityWeb(builder.Configuration);
builder.Services.AddJiraQualityIngestion();
builder.Services.AddJiraQualityScoring();
builder.Services.AddJiraQualityJobs();
builder.Services.AddJiraQualityMetrics();
builder.Services.AddJiraQualityJira();
builder.Services.AddAlerts();
builder.Services.AddReview();
builder.Services.AddSavedViews();
builder.Services.AddAgents();
builder.Services.AddJiraQualityWeb();
builder.Services.AddSharedKeyRing(builder.Configuration);
builder.Services.AddRedisBackplane(builder.Configuration);
builder.AddObservability();

var app = builder.Build();

// The same checks the host runs when it starts, run first so that bad settings are one clear error in the log (the keys
// and what is wrong) and exit code 1, rather than a start-up failure followed by a crash report.
try
{
    SettingsValidation.ValidateAll(app.Services);
}
catch (Exception ex) when (SettingsValidation.FailuresOf(ex) is { Count: > 0 } failures)
{
    app.Logger.LogError("{SettingsFailures}", SettingsValidation.Describe(failures));
    await app.DisposeAsync();
    return 1;
}

app.UseJiraQualityWeb();
await app.RunAsync();
return 0;
