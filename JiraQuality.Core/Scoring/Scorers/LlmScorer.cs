using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Review;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;
using Polly;
using Polly.Retry;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Scoring.Taxonomy;

namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>
/// Scores a conversation with a chat-completions model behind any OpenAI-compatible endpoint, using a strict
/// JSON-schema response format. A rejected answer (malformed, refused, truncated, out of range) is retried once;
/// 429 answers wait for Retry-After without counting as a failure.
/// </summary>
public sealed class LlmScorer : IConversationScorer
{
    private readonly LlmOptions _options;
    private readonly ContactReasonTaxonomy _taxonomy;
    private readonly int _hintsPerLabel;
    private readonly ChatClient _client;
    private readonly ChatCompletionOptions _completionOptions;
    private readonly ResiliencePipeline _rateLimitPipeline;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly LlmCallLedger? _ledger;
    private readonly Guid? _jobId;
    private readonly IReadOnlyList<ScorecardCategory> _customCategories;
    private readonly HeuristicScorer? _crossCheck;
    private static readonly ResiliencePropertyKey<string> IssueKeyProperty = new("jq.issueKey");

    public LlmScorer(
        LlmOptions options,
        ContactReasonTaxonomy taxonomy,
        int hintsPerLabel,
        TimeProvider timeProvider,
        ILogger<LlmScorer> logger,
        string? model = null,
        LlmCallLedger? ledger = null,
        Guid? jobId = null,
        IReadOnlyList<ScorecardCategory>? scorecard = null,
        HeuristicScorer? crossCheck = null)
    {
        _customCategories = ScorecardScoring.CustomCategories(scorecard);
        PromptVersion = LlmPrompt.VersionFor(_customCategories);
        _crossCheck = crossCheck;
        _ledger = ledger;
        _jobId = jobId;
        _options = options;
        _taxonomy = taxonomy;
        _hintsPerLabel = hintsPerLabel;
        _logger = logger;
        _timeProvider = timeProvider;
        Model = string.IsNullOrWhiteSpace(model) ? options.Model : model.Trim();

        var clientOptions = new OpenAIClientOptions
        {
            // Our own retry rules below decide how often a call is repeated; the SDK's silent retries would hide them.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(Math.Max(1, options.TimeoutSeconds)),
        };
        if (!string.IsNullOrWhiteSpace(options.Endpoint))
        {
            clientOptions.Endpoint = new Uri(options.Endpoint);
        }

        // Self-hosted servers (Ollama, vLLM) ignore the key, but the client needs one.
        var key = string.IsNullOrWhiteSpace(options.ApiKey) ? "unused" : options.ApiKey;
        _client = new ChatClient(Model, new ApiKeyCredential(key), clientOptions);
        _completionOptions = BuildCompletionOptions(options, Model, taxonomy, _customCategories);
        _rateLimitPipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<ClientResultException>(e => e.Status == 429),
                MaxRetryAttempts = Math.Max(0, options.MaxRateLimitWaits),
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromSeconds(1),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Exception)),
                OnRetry = async args =>
                {
                    _logger.LogWarning("Rate limited by the LLM endpoint; waiting {Delay} before retry {Attempt}", args.RetryDelay, args.AttemptNumber + 1);
                    if (args.Context.Properties.TryGetValue(IssueKeyProperty, out var issueKey))
                    {
                        await RecordAsync(issueKey, TokenUsage.None, LlmCallOutcomes.RateLimited, "HTTP 429");
                    }
                },
            })
            .Build();
    }

    public string Kind => ScorerKinds.Llm;

    public string Model { get; }

    /// <summary>The prompt's version with the scorecard it scores (<see cref="LlmPrompt.VersionFor"/>).</summary>
    public string PromptVersion { get; }

    public string Version => $"{ScorerKinds.Llm}/{PromptVersion}/{Model}/{_taxonomy.Fingerprint}/{ConversationMetrics.Version}";

    public async Task<QualityAssessment> ScoreAsync(Conversation conversation, ConversationMetrics metrics, CancellationToken cancellationToken)
    {
        var template = new QualityAssessment
        {
            Kind = Kind,
            ScorerVersion = Version,
            Model = Model,
            PromptVersion = PromptVersion,
        };
        if (metrics.MessagesAgent + metrics.MessagesCustomer == 0)
        {
            // Nothing to judge: stored as processed with empty verdicts, so it is not retried forever.
            return template with
            {
                ScoreReasons = new Dictionary<string, ScoreReason> { ["skipped"] = new("No public agent or customer message to judge.", []) },
                Usage = TokenUsage.None,
                CostUsd = 0,
            };
        }

        var messages = new List<ChatMessage>
        {
            new SystemChatMessage(LlmPrompt.System),
            new UserChatMessage(LlmPrompt.User(conversation, metrics, _taxonomy, _hintsPerLabel, _customCategories)),
        };

        var usage = TokenUsage.None;
        string? lastError = null;
        const int attempts = 2;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var callUsage = TokenUsage.None;
            try
            {
                var context = ResilienceContextPool.Shared.Get(cancellationToken);
                ChatCompletion completion;
                try
                {
                    context.Properties.Set(IssueKeyProperty, conversation.IssueKey);
                    completion = await _rateLimitPipeline.ExecuteAsync(
                        async ctx => (ChatCompletion)await _client.CompleteChatAsync(messages, _completionOptions, ctx.CancellationToken),
                        context);
                }
                finally
                {
                    ResilienceContextPool.Shared.Return(context);
                }

                callUsage = UsageOf(completion);
                usage = usage.Add(callUsage);
                var content = Validate(completion);
                var assessment = LlmAnswerParser.Parse(content, conversation, _taxonomy, template, _customCategories);
                await RecordAsync(conversation.IssueKey, callUsage, LlmCallOutcomes.Success, null);
                return assessment with
                {
                    // Deterministic and microseconds beside the call: kept so the two scorers can be compared later.
                    HeuristicCheck = _crossCheck?.Score(conversation, metrics) is { } heuristic
                        ? new HeuristicCrossCheck(heuristic.ConversationRating, heuristic.AgentScore)
                        : null,
                    Usage = usage,
                    CostUsd = CostCalculator.CostUsd(_options.Prices, Model, usage),
                    ConversationCostUsd = _ledger is null ? null : await _ledger.ConversationTotalAsync(conversation.IssueKey, CancellationToken.None),
                };
            }
            catch (ScoringException ex)
            {
                lastError = ex.Message;
            }
            catch (ClientResultException ex)
            {
                lastError = $"HTTP {ex.Status.ToString(CultureInfo.InvariantCulture)}: {FirstLine(ex.Message)}";
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is TaskCanceledException or OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                lastError = $"{ex.GetType().Name}: {FirstLine(ex.Message)}";
            }

            _logger.LogWarning("LLM attempt {Attempt} for {IssueKey} failed: {Error}", attempt, conversation.IssueKey, lastError);
            await RecordAsync(conversation.IssueKey, callUsage, attempt < attempts ? LlmCallOutcomes.Retry : LlmCallOutcomes.Failure, lastError);
        }

        throw new ScoringException(lastError ?? "unknown failure", usage, CostCalculator.CostUsd(_options.Prices, Model, usage));
    }

    private Task RecordAsync(string issueKey, TokenUsage usage, string outcome, string? error) =>
        _ledger is null
            ? Task.CompletedTask
            : _ledger.RecordAsync(_jobId, issueKey, Model, usage, CostCalculator.CostUsd(_options.Prices, Model, usage), outcome, error);

    private static string Validate(ChatCompletion completion)
    {
        if (!string.IsNullOrEmpty(completion.Refusal))
        {
            throw new ScoringException($"refusal: {completion.Refusal}");
        }

        if (completion.FinishReason == ChatFinishReason.Length)
        {
            throw new ScoringException("truncated: the answer hit the output token limit (finish reason length).");
        }

        if (completion.FinishReason == ChatFinishReason.ContentFilter)
        {
            throw new ScoringException("content filter stopped the answer.");
        }

        var text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text)).Trim();
        return text.Length == 0 ? throw new ScoringException("empty answer.") : text;
    }

    private static TokenUsage UsageOf(ChatCompletion completion)
    {
        var usage = completion.Usage;
        return usage is null
            ? TokenUsage.None
            : new TokenUsage(
                usage.InputTokenCount,
                usage.InputTokenDetails?.CachedTokenCount ?? 0,
                usage.OutputTokenCount,
                usage.OutputTokenDetails?.ReasoningTokenCount ?? 0);
    }

    private static ChatCompletionOptions BuildCompletionOptions(LlmOptions options, string model, ContactReasonTaxonomy taxonomy, IReadOnlyList<ScorecardCategory> customCategories)
    {
        var schema = BinaryData.FromString(LlmAnswerSchema.Build(taxonomy, customCategories).ToJsonString());
        var completionOptions = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(LlmAnswerSchema.Name, schema, jsonSchemaIsStrict: true),
            MaxOutputTokenCount = options.MaxOutputTokens,
        };

        // Reasoning models reject a temperature and accept an effort level; other models the other way round.
        if (IsReasoningModel(model))
        {
            if (!string.IsNullOrWhiteSpace(options.ReasoningEffort))
            {
#pragma warning disable OPENAI001 // Reasoning effort is marked experimental in the SDK; the API field is stable.
                completionOptions.ReasoningEffortLevel = new ChatReasoningEffortLevel(options.ReasoningEffort.Trim().ToLowerInvariant());
#pragma warning restore OPENAI001
            }
        }
        else if (options.Temperature is { } temperature)
        {
            completionOptions.Temperature = (float)temperature;
        }

        return completionOptions;
    }

    internal static bool IsReasoningModel(string model)
    {
        var id = model.Trim().ToLowerInvariant();
        return id.StartsWith("gpt-5", StringComparison.Ordinal) || (id.Length > 1 && id[0] == 'o' && char.IsDigit(id[1]));
    }

    private TimeSpan? RetryAfter(Exception? exception)
    {
        if (exception is not ClientResultException result || result.GetRawResponse() is not { } response)
        {
            return null;
        }

        if (response.Headers.TryGetValue("Retry-After", out var value) && value is not null)
        {
            var max = TimeSpan.FromSeconds(_options.MaxRetryAfterSeconds);
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(Math.Clamp(seconds, 0, max.TotalSeconds));
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                var wait = at - _timeProvider.GetUtcNow();
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > max ? max : wait;
            }
        }

        return null;
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length <= 300 ? line : line[..300];
    }
}
