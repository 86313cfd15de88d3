using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Tests.Infrastructure;

/// <summary>
/// Writes each log message at or above <paramref name="minimum"/> into <paramref name="lines"/>, what an operator would
/// read; <paramref name="describeException"/>, when given, adds the logged exception's description to its message.
/// </summary>
public sealed class CapturingLoggerProvider(
    ConcurrentQueue<string> lines,
    LogLevel minimum = LogLevel.Trace,
    Func<Exception, string>? describeException = null) : ILoggerProvider, ILogger
{
    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            var message = formatter(state, exception);
            lines.Enqueue(exception is not null && describeException is not null ? message + " " + describeException(exception) : message);
        }
    }

    public void Dispose()
    {
    }
}
