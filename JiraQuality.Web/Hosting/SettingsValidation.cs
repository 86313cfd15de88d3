using Microsoft.Extensions.Options;

namespace JiraQuality.Web.Hosting;

/// <summary>
/// Settings checked before a host does any work, and a failed check told the way an operator needs it: the keys and what
/// is wrong with them, without a stack trace, because the settings are wrong, not the program.
/// </summary>
public static class SettingsValidation
{
    /// <summary>
    /// Runs every check registered with <c>ValidateOnStart</c>, as the web host does when it starts; throws
    /// <see cref="OptionsValidationException"/>, or an <see cref="AggregateException"/> of them when several settings
    /// classes fail.
    /// </summary>
    public static void ValidateAll(IServiceProvider services) => services.GetService<IStartupValidator>()?.Validate();

    /// <summary>
    /// The failure messages (each names its key) when <paramref name="error"/> is, or wraps, a failed settings check;
    /// empty for any other error.
    /// </summary>
    public static IReadOnlyList<string> FailuresOf(Exception error)
    {
        var failures = new List<string>();
        Collect(error, failures);
        return failures.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>One message for the log or standard error: a heading, then one line per failure.</summary>
    public static string Describe(IReadOnlyList<string> failures) =>
        "The settings are not valid (fix them in appsettings.json or the environment, then start again):" +
        string.Concat(failures.Select(failure => Environment.NewLine + "  " + failure));

    private static void Collect(Exception error, List<string> failures)
    {
        switch (error)
        {
            case OptionsValidationException validation:
                failures.AddRange(validation.Failures.Select(Readable));
                break;
            case AggregateException aggregate:
                foreach (var inner in aggregate.InnerExceptions)
                {
                    Collect(inner, failures);
                }

                break;
            case { InnerException: { } inner }:
                Collect(inner, failures);
                break;
        }
    }

    /// <summary>
    /// A data-annotations failure reads "DataAnnotation validation failed for 'X' members: 'Y' with the error: '…'.";
    /// our attributes' messages already name the full key, so only that message is kept when it does.
    /// </summary>
    private static string Readable(string failure)
    {
        const string marker = " with the error: '";
        var start = failure.IndexOf(marker, StringComparison.Ordinal);
        if (!failure.StartsWith("DataAnnotation validation failed", StringComparison.Ordinal) || start < 0 || !failure.EndsWith("'.", StringComparison.Ordinal))
        {
            return failure;
        }

        // A message without a key (a framework default such as "The X field is required.") keeps the class and member names.
        var message = failure[(start + marker.Length)..^2];
        return message.Contains(':', StringComparison.Ordinal) ? message : failure;
    }
}
