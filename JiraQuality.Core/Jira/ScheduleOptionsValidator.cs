using JiraQuality.Core.Jira.Schedule;

namespace JiraQuality.Core.Jira;

/// <summary>The schedule's cron expression must parse, so a typo stops the start instead of silently never refreshing.</summary>
public sealed class ScheduleOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<ScheduleOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, ScheduleOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Cron))
        {
            return Microsoft.Extensions.Options.ValidateOptionsResult.Skip;
        }

        try
        {
            RefreshScheduler.Parse(options.Cron);
            return Microsoft.Extensions.Options.ValidateOptionsResult.Success;
        }
        catch (ArgumentException exception)
        {
            return Microsoft.Extensions.Options.ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
