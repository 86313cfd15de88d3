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
app.UseJiraQualityWeb();
await app.RunAsync();
return 0;
