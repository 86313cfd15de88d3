namespace JiraQuality.Tests.Infrastructure;

/// <summary>What the machine offers the tests, and whether a missing service is a failure or a skip.</summary>
public static class TestEnvironment
{
    /// <summary>Set by .ci/run: a test that needs PostgreSQL or Chromium must fail, never skip, without them.</summary>
    public static bool ServicesRequired =>
        Environment.GetEnvironmentVariable("JIRAQUALITY_REQUIRE_SERVICES") is "1" or "true";

    public static string ArtifactsDirectory
    {
        get
        {
            var directory = Environment.GetEnvironmentVariable("JIRAQUALITY_TEST_ARTIFACTS")
                ?? Path.Combine(AppContext.BaseDirectory, "artifacts");
            Directory.CreateDirectory(directory);
            return directory;
        }
    }

    /// <summary>Skips the test with a reason, or fails it when CI requires the service.</summary>
    public static void RequireOrSkip(bool available, string reason)
    {
        if (available)
        {
            return;
        }

        if (ServicesRequired)
        {
            Assert.Fail($"{reason} (JIRAQUALITY_REQUIRE_SERVICES is set, so this is a failure)");
        }

        Assert.Skip(reason);
    }
}
