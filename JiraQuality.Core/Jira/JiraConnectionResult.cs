using JiraQuality.Core.Jira.Client;
using JiraQuality.Core.Jira.Schedule;
using JiraQuality.Core.Jira.Sync;
using JiraQuality.Core.Jira.Webhooks;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Jira;

public sealed record JiraConnectionResult(bool Success, string Message);
