using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace JiraQuality.Core.Jira.Client;

/// <summary>
/// Registers <see cref="JiraCloudClient"/> through HttpClientFactory with a resilience pipeline: a total
/// timeout, retries that wait as long as Jira's Retry-After or X-RateLimit-Reset says (exponential back-off
/// with jitter when it says nothing), and a per-attempt timeout.
/// </summary>
public static class JiraClientRegistration
{
    public const string HttpClientName = "jira";

    public static IServiceCollection AddJiraCloudClient(this IServiceCollection services)
    {
        services.AddOptions<JiraOptions>().BindConfiguration(JiraOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<JiraOptions>, JiraOptionsValidator>();
        services.AddHttpClient<JiraCloudClient>(HttpClientName, (sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<JiraOptions>>().Value;
                if (Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUri))
                {
                    http.BaseAddress = new Uri(baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
                }

                http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (!string.IsNullOrWhiteSpace(options.Email) && !string.IsNullOrWhiteSpace(options.ApiToken))
                {
                    var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Email.Trim()}:{options.ApiToken.Trim()}"));
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
                }

                // The resilience pipeline owns the timeouts.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler("jira-resilience", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<JiraOptions>>().Value;
                var time = context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
                pipeline.AddTimeout(TimeSpan.FromSeconds(Math.Max(1, options.TotalTimeoutSeconds)));
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(0, options.MaxRetries),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromSeconds(1),
                    MaxDelay = TimeSpan.FromSeconds(Math.Max(1, options.MaxRetryDelaySeconds)),
                    ShouldRetryAfterHeader = false,
                    DelayGenerator = args => ValueTask.FromResult(RateLimitDelay(args.Outcome.Result, time)),
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(Math.Max(1, options.RequestTimeoutSeconds)));
            });
        return services;
    }

    /// <summary>
    /// How long Jira asked us to wait: Retry-After (seconds or an HTTP date), else X-RateLimit-Reset (an
    /// ISO-8601 instant); null lets the exponential back-off decide.
    /// </summary>
    public static TimeSpan? RateLimitDelay(HttpResponseMessage? response, TimeProvider time)
    {
        if (response is null)
        {
            return null;
        }

        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter?.Date is { } date)
        {
            return Positive(date - time.GetUtcNow());
        }

        if (response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
            && DateTimeOffset.TryParse(values.FirstOrDefault(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var reset))
        {
            return Positive(reset - time.GetUtcNow());
        }

        return null;
    }

    private static TimeSpan Positive(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;
}
