using JiraQuality.Core.Jobs;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JiraQuality.Tests.Jobs;

public sealed class JobsSettingsTests
{
    [Fact]
    public async Task The_jobs_section_is_read_from_settings()
    {
        await using var factory = new JiraQualityAppFactory(new Dictionary<string, string?>
        {
            ["Jobs:QueueCapacityPerKind"] = "3",
            ["Jobs:RecoveryInterval"] = "00:05:00",
            ["Jobs:ClusterPollInterval"] = "00:00:10",
        });
        _ = factory.CreateClient();

        var options = factory.Services.GetRequiredService<IOptions<JobOptions>>().Value;

        Assert.Equal((3, TimeSpan.FromMinutes(5), 200), (options.QueueCapacityPerKind, options.RecoveryInterval, options.LogTailLines));
        Assert.Equal(TimeSpan.FromSeconds(10), options.ClusterPollInterval);
        Assert.Contains(JobKinds.CsvImport, options.KindsWithDistinctInputs);
    }

    [Fact]
    public async Task A_bad_jobs_setting_stops_start_up_with_an_error_naming_it()
    {
        await using var factory = new JiraQualityAppFactory(new Dictionary<string, string?> { ["Jobs:QueueCapacityPerKind"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Jobs:QueueCapacityPerKind must be at least 1.", error.Message);
    }

    [Fact]
    public async Task A_cluster_poll_interval_that_is_not_positive_stops_start_up_with_an_error_naming_it()
    {
        await using var factory = new JiraQualityAppFactory(new Dictionary<string, string?> { ["Jobs:ClusterPollInterval"] = "00:00:00" });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Jobs:ClusterPollInterval must be a positive time span (hh:mm:ss).", error.Message);
    }
}
