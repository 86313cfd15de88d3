namespace JiraQuality.Core.Settings;

/// <summary>
/// Finds the <c>data/</c> folder: the checkout's when the app runs from a clone (so `dotnet run` uses the
/// committed sample data), else the one beside the executable (a published app).
/// </summary>
public static class DataDirectory
{
    public const string SolutionFileName = "JiraQuality.sln";

    public static string Resolve(string? configured, string? startDirectory = null, string? baseDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(configured) && Path.IsPathRooted(configured))
        {
            return configured;
        }

        var root = FindSolutionRoot(startDirectory ?? Directory.GetCurrentDirectory())
            ?? FindSolutionRoot(baseDirectory ?? AppContext.BaseDirectory)
            ?? baseDirectory
            ?? AppContext.BaseDirectory;
        return Path.GetFullPath(Path.Combine(root, string.IsNullOrWhiteSpace(configured) ? "data" : configured));
    }

    public static string? FindSolutionRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
