using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JiraQuality.Core.Review;

public static class ReviewModule
{
    /// <summary>
    /// The review module: settings bound from <c>Review</c> and checked at start, the scorecard, reviews, disputes,
    /// agreement and quality queries, and the CSV import and export of reviews.
    /// </summary>
    public static IServiceCollection AddReview(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ReviewOptions>()
            .BindConfiguration(ReviewOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ScorecardStore>();
        services.AddSingleton<ReviewService>();
        services.AddSingleton<AgreementQuery>();
        services.AddSingleton<AgreementKpiQuery>();
        services.AddSingleton<ReviewQualityQuery>();
        services.AddSingleton<DisputeService>();
        services.AddSingleton<ReviewQueueService>();
        services.AddSingleton<CalibrationService>();
        services.AddScoped<ReviewCsvImporter>();
        services.AddSingleton<ReviewCsvExporter>();
        return services;
    }
}
