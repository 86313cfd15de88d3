using JiraQuality.Web.Cli;
using JiraQuality.Web.Hosting;

if (CommandLineApp.IsCommandLine(args))
{
    return await CommandLineApp.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(CommandLineApp.ServerArguments(args));
builder.Configuration.AddJiraQualitySettings();
builder.Services.AddJiraQualityStorage();
builder.Services.AddJiraQualityIngestion();
builder.Services.AddJiraQualityScoring();
builder.Services.AddJiraQualityJobs();
builder.Services.AddJiraQualityMetrics();
builder.Services.AddJiraQualityJira();
builder.Services.AddJiraQualityWeb();

var app = builder.Build();
app.UseJiraQualityWeb();
await app.RunAsync();
return 0;
