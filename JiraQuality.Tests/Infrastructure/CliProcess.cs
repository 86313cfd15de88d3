using System.Diagnostics;

namespace JiraQuality.Tests.Infrastructure;

/// <summary>
/// The real executable run as a child process, the way an operator runs its verbs, on its own SQLite file in its own
/// data folder (deleted afterwards).
/// </summary>
public sealed class CliProcess : IDisposable
{
    public CliProcess(string name)
    {
        Directory = Path.Combine(Path.GetTempPath(), $"jq-{name}-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>The data folder and working directory of every run.</summary>
    public string Directory { get; }

    /// <summary>How long one run may take before it is killed and reported with exit code -1.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Extra environment variables of every run (settings such as <c>Database__Provider</c>); they win over the defaults above.</summary>
    public Dictionary<string, string?> Environment { get; } = [];

    /// <summary>Text piped to standard input of the next runs (then closed), e.g. a password for <c>--password-stdin</c>.</summary>
    public string? StandardInput { get; set; }

    public async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = StandardInput is not null,
            WorkingDirectory = Directory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "JiraQuality.Web.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__JiraQuality"] = $"Data Source={Path.Combine(Directory, "cli.db")}";
        start.Environment["Data__Directory"] = Directory;
        start.Environment["PWD"] = Directory;
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        if (StandardInput is not null)
        {
            await process.StandardInput.WriteAsync(StandardInput);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            // A run that never ends (a server started by mistake) fails its test instead of hanging the suite.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            return (-1, await output, $"Killed after {Timeout.TotalSeconds:0} s.\n" + await error);
        }

        return (process.ExitCode, await output, await error);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
