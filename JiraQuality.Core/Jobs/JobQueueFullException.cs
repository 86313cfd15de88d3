using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Jobs;

/// <summary>A request refused because its kind already has as many jobs waiting as the settings allow.</summary>
public sealed class JobQueueFullException(string message) : InvalidOperationException(message);
