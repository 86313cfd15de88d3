namespace JiraQuality.Benchmarks;

/// <summary>An answer of the loopback chat-completions server.</summary>
public sealed record LoopbackAnswer(int Status, string Body, TimeSpan Delay = default, IReadOnlyDictionary<string, string>? Headers = null);
