using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Benchmarks;

/// <summary>
/// A small OpenAI-compatible chat-completions server on a loopback port: the scoring benchmark measures the
/// pipeline against it, and tests use it to see exactly what the LLM scorer sends.
/// </summary>
public sealed class LoopbackChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requestCount;

    private LoopbackChatServer(WebApplication app) => _app = app;

    /// <summary>The base URL to put in <c>Llm:Endpoint</c>.</summary>
    public string Endpoint { get; private set; } = "";

    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <param name="respond">Gets the request body, its headers and its 1-based number.</param>
    public static async Task<LoopbackChatServer> StartAsync(Func<JsonDocument, IHeaderDictionary, int, LoopbackAnswer> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LoopbackChatServer(app);
        app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            var number = Interlocked.Increment(ref server._requestCount);
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var answer = respond(body, context.Request.Headers, number);
            if (answer.Delay > TimeSpan.Zero)
            {
                await Task.Delay(answer.Delay, context.RequestAborted);
            }

            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = "application/json";
            foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            await context.Response.WriteAsync(answer.Body, context.RequestAborted);
        });
        await app.StartAsync();
        server.Endpoint = app.Urls.First().TrimEnd('/') + "/v1";
        return server;
    }

    /// <summary>A chat completion whose message content is <paramref name="content"/>.</summary>
    public static string Completion(string content, int promptTokens = 1000, int completionTokens = 200, int cachedTokens = 0, string finishReason = "stop", string? refusal = null, string model = "test-model") =>
        new JsonObject
        {
            ["id"] = "chatcmpl-loopback",
            ["object"] = "chat.completion",
            ["created"] = 1_760_000_000,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content, ["refusal"] = refusal },
                ["finish_reason"] = finishReason,
            }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = promptTokens,
                ["completion_tokens"] = completionTokens,
                ["total_tokens"] = promptTokens + completionTokens,
                ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = cachedTokens },
                ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
            },
        }.ToJsonString();

    public static string Error(string message, string type = "rate_limit_exceeded") =>
        new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type } }.ToJsonString();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
