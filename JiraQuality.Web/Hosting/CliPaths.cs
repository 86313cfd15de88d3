using JiraQuality.Core.Settings;

namespace JiraQuality.Web.Hosting;

/// <summary>
/// Resolves a relative path given on the command line. `dotnet run --project` starts the app in the
/// project folder, so a path is tried against the shell's folder ($PWD) and the checkout root too.
/// </summary>
public static class CliPaths
{
    public static string ResolveInput(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path))
        {
            return Path.GetFullPath(path);
        }

        foreach (var root in Roots())
        {
            var candidate = Path.GetFullPath(Path.Combine(root, path));
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.GetFullPath(path);
    }

    public static string ResolveOutput(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }

        var shell = Environment.GetEnvironmentVariable("PWD");
        return Path.GetFullPath(Path.Combine(string.IsNullOrEmpty(shell) ? Directory.GetCurrentDirectory() : shell, path));
    }

    private static IEnumerable<string> Roots()
    {
        var shell = Environment.GetEnvironmentVariable("PWD");
        if (!string.IsNullOrEmpty(shell))
        {
            yield return shell;
        }

        var solution = DataDirectory.FindSolutionRoot(Directory.GetCurrentDirectory());
        if (solution is not null)
        {
            yield return solution;
        }
    }
}
