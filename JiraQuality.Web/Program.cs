using JiraQuality.Core;
using JiraQuality.Web.Features.Identity;
using JiraQuality.Web.Features.Import;
using JiraQuality.Web.Features.Instances;
using JiraQuality.Web.Features.Jobs;
using JiraQuality.Web.Features.Observability;
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
builder.Services
    .AddJiraQualityCore()
    .AddIdentityWeb(builder.Configuration)
    .AddImportWeb()
    .AddJobsWeb()
    .AddJiraQualityWeb()
    .AddSharedKeyRing(builder.Configuration)
    .AddRedisBackplane(builder.Configuration);
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
