using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Alerts;

/// <summary>What one pass over the outbox did.</summary>
public sealed record AlertDeliveryPass(int Sent, int Retrying, int Failed);
