using System.Globalization;
using System.Text;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Reporting.Exports;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Web.Features.Conversations;
using JiraQuality.Web.Features.Dashboard;

namespace JiraQuality.Web.Features.Scoring;

public static class ScoringEndpoints
{
    /// <summary>
    /// <c>GET /api/scoring/analysis.csv?from=&amp;to=&amp;scorerKind=&amp;hub=&amp;contactReason=&amp;agent=</c>: the analysis
    /// export for a filter (the Conversations page links its current filter here); redacted unless the caller may reveal
    /// personal data and adds <c>includePii=true</c>; every download is audit-logged.
    /// </summary>
    public static IEndpointRouteBuilder MapScoringEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/scoring").RequireAuthorization(Policies.Analyst);
        group.MapGet("/analysis.csv", async (HttpContext context, AnalysisCsvExporter exporter, AuditLog audit, HubScopes scopes, TimeProvider time, string? from, string? to, string? scorerKind, string? hub, string? contactReason, string? agent, bool? includePii) =>
        {
            if (!TextLimits.TryParseInstant(from, out var fromUtc) || !TextLimits.TryParseInstant(to, out var toUtc))
            {
                return Results.Problem("'from' and 'to' must be ISO-8601 dates or instants.", statusCode: StatusCodes.Status400BadRequest);
            }

            var outOfRange = (fromUtc is { } fromInstant ? MetricsRequestBinding.OutOfRange("from", fromInstant, from!) : null)
                ?? (toUtc is { } toInstant ? MetricsRequestBinding.OutOfRange("to", toInstant, to!) : null);
            if (outOfRange is not null)
            {
                return Results.Problem(outOfRange, statusCode: StatusCodes.Status400BadRequest);
            }

            var original = includePii == true;
            if (original && !PersonalDataAccess.MayReveal(context.User))
            {
                return ConversationsEndpoints.ForbiddenPersonalData();
            }

            var name = string.Create(CultureInfo.InvariantCulture, $"analysis-{time.GetUtcNow():yyyyMMdd-HHmmss}.csv");
            await ConversationsEndpoints.RecordExportAsync(context, audit, name, original);
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
            await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false), leaveOpen: true);
            await exporter.WriteAsync(writer, new AnalysisExportFilter
            {
                FromUtc = fromUtc,
                ToUtc = toUtc,
                ScorerKind = scorerKind,
                Hub = hub,
                ContactReason = contactReason,
                PrimaryAgent = agent,
                AllowedHubs = await scopes.AllowedHubsAsync(context.User, context.RequestAborted),
            }, context.RequestAborted, redactPersonalData: !original);
            return Results.Empty;
        });
        return endpoints;
    }
}
