using System.ComponentModel.DataAnnotations;
namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>Bound from the <c>Llm</c> section. <c>OPENAI_API_KEY</c> sets <see cref="ApiKey"/>.</summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    public string Model { get; set; } = "gpt-5-nano";

    /// <summary>Base URL of an OpenAI-compatible server (Azure OpenAI <c>.../openai/v1/</c>, Ollama, vLLM); empty is OpenAI.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>Never logged.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Conversations scored at the same time.</summary>
    [Range(1, 256, ErrorMessage = "Llm:Concurrency must be from 1 to 256.")]
    public int Concurrency { get; set; } = 8;

    [Range(1, int.MaxValue, ErrorMessage = "Llm:MaxOutputTokens must be at least 1.")]
    public int MaxOutputTokens { get; set; } = 16000;

    /// <summary>Sent only to models that accept it (not gpt-5*); null leaves the server default.</summary>
    [Range(0d, 2d, ErrorMessage = "Llm:Temperature must be from 0 to 2, or empty for the server default.")]
    public double? Temperature { get; set; } = 0.2;

    /// <summary>low, medium, high or empty; sent only to reasoning models (gpt-5*, o*).</summary>
    public string ReasoningEffort { get; set; } = "low";

    [Range(1, 86_400, ErrorMessage = "Llm:TimeoutSeconds must be from 1 to 86400.")]
    public int TimeoutSeconds { get; set; } = 300;

    /// <summary>How many 429 answers in a row one call waits out before it counts as a failure.</summary>
    [Range(0, 1000, ErrorMessage = "Llm:MaxRateLimitWaits must be from 0 to 1000.")]
    public int MaxRateLimitWaits { get; set; } = 5;

    /// <summary>Longest Retry-After honoured, in seconds.</summary>
    [Range(0, 86_400, ErrorMessage = "Llm:MaxRetryAfterSeconds must be from 0 to 86400.")]
    public int MaxRetryAfterSeconds { get; set; } = 120;

    /// <summary>A job stops cleanly once its spend reaches this many USD; 0 means no budget.</summary>
    [Range(0d, double.MaxValue, ErrorMessage = "Llm:JobBudgetUsd must be 0 (no budget) or more.")]
    public double JobBudgetUsd { get; set; }

    /// <summary>The date the price table was last checked, shown next to costs.</summary>
    public string PricesCheckedOn { get; set; } = "";

    /// <summary>USD per 1M tokens, by model id.</summary>
    public Dictionary<string, ModelPrice> Prices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey) || !string.IsNullOrWhiteSpace(Endpoint);
}
