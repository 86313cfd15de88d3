using JiraQuality.Core.Jobs;
using JiraQuality.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using JiraQuality.Web.Features.Instances;
using Microsoft.AspNetCore.SignalR;

namespace JiraQuality.Web.Features.Jobs;

/// <summary>One log line of a job as sent to hub clients.</summary>
public sealed record JobLogMessage(Guid JobId, string Kind, DateTime AtUtc, string Line);
