using System.Globalization;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Alerts;

/// <summary>A rule as the Settings page lists it.</summary>
public sealed record AlertRuleView(Guid? Id, AlertRuleOptions Rule, bool FromSettings);
