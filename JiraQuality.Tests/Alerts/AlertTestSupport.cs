using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using JiraQuality.Core.Alerts;
using JiraQuality.Core.Jira;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Scoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace JiraQuality.Tests.Alerts;

/// <summary>One request an <see cref="AlertReceiver"/> got.</summary>
public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A loopback HTTP server (Kestrel, real socket) standing in for a webhook, Slack or Teams endpoint. It answers the
/// queued status codes in order (then 200) and can hold a request open until released.
/// </summary>
public sealed class AlertReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentQueue<int> _statuses = new();
    private volatile TaskCompletionSource? _hold;
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;

    private AlertReceiver(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public string Url(string path = "/hook/T000/B000/secret-path") => BaseUrl + path;

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Completes once a request is being held.</summary>
    public Task Held => _held.Task;

    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _statuses.Enqueue(status);
        }
    }

    /// <summary>The next requests wait (unanswered) until <see cref="Release"/>.</summary>
    public void HoldRequests() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _hold?.TrySetResult();

    public static async Task<AlertReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new AlertReceiver(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            Interlocked.Increment(ref receiver._inFlight);
            try
            {
                await receiver.AnswerAsync(context);
            }
            finally
            {
                Interlocked.Decrement(ref receiver._inFlight);
            }
        });
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return receiver;
    }

    /// <summary>Completes when every request that reached the receiver has been answered or abandoned by its sender.</summary>
    public Task UntilIdleAsync() => AlertTestHost.WaitForAsync(() => Task.FromResult(Volatile.Read(ref _inFlight)), count => count == 0, "the receiver to finish its requests");

    private async Task AnswerAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (_hold is { } hold)
        {
            _held.TrySetResult();
            await hold.Task.WaitAsync(context.RequestAborted);
        }

        _requests.Enqueue(new ReceivedRequest(
            context.Request.Path,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            buffer.ToArray()));
        context.Response.StatusCode = _statuses.TryDequeue(out var status) ? status : 200;
        await context.Response.WriteAsync("ok", context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>An in-process SMTP server (SmtpServer) on a loopback port that keeps every message it accepts.</summary>
public sealed class SmtpSink : MessageStore, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    public int Port { get; private set; }

    public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        Messages.Enqueue(await MimeMessage.LoadAsync(new MemoryStream(buffer.ToArray()), cancellationToken));
        return SmtpResponse.Ok;
    }

    public static SmtpSink Start()
    {
        var sink = new SmtpSink();
        // SmtpServer does not report the port it bound, so take a free one first.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        sink.Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, sink.Port))).Build();
        var provider = new SmtpServer.ComponentModel.ServiceProvider();
        provider.Add(sink);
        sink._running = new SmtpServer.SmtpServer(options, provider).StartAsync(sink._stop.Token);
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }
}

/// <summary>Builds the alerts module over a test database, the way the app wires it.</summary>
internal static class AlertTestHost
{
    public static Dictionary<string, string?> FastSettings() => new()
    {
        ["Alerts:PollInterval"] = "00:00:00.100",
        ["Alerts:EvaluationInterval"] = "00:00:00.500",
        ["Alerts:RetryBaseDelay"] = "00:00:00.100",
        ["Alerts:RetryMaxDelay"] = "00:00:00.200",
        ["Alerts:SendTimeout"] = "00:00:05",
        ["Alerts:ClaimLease"] = "00:00:02",
    };

    /// <summary>A webhook channel named <paramref name="name"/> and the given rules (kind, mode).</summary>
    public static Dictionary<string, string?> WebhookChannel(string url, string secret, string name = "ops", params (string Kind, string Mode)[] rules)
    {
        var settings = FastSettings();
        settings["Alerts:Channels:0:Name"] = name;
        settings["Alerts:Channels:0:Kind"] = "webhook";
        settings["Alerts:Channels:0:Url"] = url;
        settings["Alerts:Channels:0:Secret"] = secret;
        for (var i = 0; i < rules.Length; i++)
        {
            settings[$"Alerts:Rules:{i}:Kind"] = rules[i].Kind;
            settings[$"Alerts:Rules:{i}:Channel"] = name;
            settings[$"Alerts:Rules:{i}:Mode"] = rules[i].Mode;
        }

        return settings;
    }

    public static IHost Build(TestDatabase db, IDictionary<string, string?> settings, bool runWorker = false, TimeProvider? time = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton<IDbContextFactory<JiraQualityDbContext>>(db.Factory);
        builder.Services.AddOptions<JiraOptions>().BindConfiguration(JiraOptions.SectionName);
        builder.Services.AddOptions<ScoringOptions>().BindConfiguration(ScoringOptions.SectionName);
        builder.Services.AddSingleton<JobEventStream>();
        builder.Services.AddSingleton<IJobEvents>(sp => sp.GetRequiredService<JobEventStream>());
        builder.Services.AddAlerts(runWorker);
        return builder.Build();
    }

    /// <summary>Stores conversations and scores them with the heuristic scorer, as a processing job does.</summary>
    public static async Task ProcessAsync(TestDatabase db, params Core.Conversations.Conversation[] conversations)
    {
        await using (var context = db.Factory.CreateDbContext())
        {
            foreach (var conversation in conversations)
            {
                var existing = await context.PreparedConversations.FindAsync([conversation.IssueKey], TestContext.Current.CancellationToken);
                if (existing is not null)
                {
                    context.Remove(existing);
                    await context.SaveChangesAsync(TestContext.Current.CancellationToken);
                }

                var row = ScoringTestSupport.Prepared(conversation);
                row.ContentHash = "hash-" + Guid.NewGuid().ToString("N");
                context.Add(row);
            }

            await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var result = await ScoringTestSupport.Service(db.Factory).RunAsync(
            new ProcessingRequest { Scorer = new ScorerSelection { NoLlm = true }, IssueKeys = [.. conversations.Select(c => c.IssueKey)], Force = true },
            NullJobProgress.Instance,
            TestContext.Current.CancellationToken);
        Assert.Empty(result.Failures);
    }

    public const string PhoneNumber = "+49 170 1234567";

    /// <summary>A customer insults the agent; the insult carries a phone number that only the original text has.</summary>
    public static Core.Conversations.Conversation Abusive(string key, string hub = "Berlin")
    {
        var conversation = new ConversationBuilder(key)
            .Customer(0, "my bike is stuck at the dock")
            .Agent(3, "sorry, unlocking it now", "712020:agent-1")
            .Customer(6, $"you are useless and stupid, call me on {PhoneNumber}")
            .Field(Core.Conversations.CustomFieldKeys.Hub, hub)
            .Resolution("Done")
            .Build();
        return conversation with
        {
            Messages = [.. conversation.Messages.Select(m => m with { RedactedText = m.Text.Replace(PhoneNumber, "[phone]", StringComparison.Ordinal) })],
        };
    }

    public static Core.Conversations.Conversation Polite(string key, string hub = "Berlin") =>
        new ConversationBuilder(key)
            .Customer(0, "my bike is stuck at the dock")
            .Agent(3, "sorry, unlocking it now", "712020:agent-1")
            .Customer(6, "works now, thank you")
            .Field(Core.Conversations.CustomFieldKeys.Hub, hub)
            .Resolution("Done")
            .Build();

    public static async Task<List<AlertDelivery>> DeliveriesAsync(TestDatabase db)
    {
        await using var context = db.Factory.CreateDbContext();
        return await context.Set<AlertDelivery>().AsNoTracking().OrderBy(d => d.CreatedAtUtc).ThenBy(d => d.Subject).ToListAsync(TestContext.Current.CancellationToken);
    }

    public static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, int seconds = 30)
    {
        var value = await read();
        for (var i = 0; i < seconds * 10 && !condition(value); i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            value = await read();
        }

        Assert.True(condition(value), $"Timed out waiting for {what}.");
        return value;
    }
}
