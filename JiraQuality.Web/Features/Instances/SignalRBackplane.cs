using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;
using JiraQuality.Web.Features.Jobs;

namespace JiraQuality.Web.Features.Instances;

/// <summary>Whether the <c>/hubs/jobs</c> messages reach the other instances' clients through a Redis backplane.</summary>
public sealed record SignalRBackplane(bool Enabled);
