using System.Net;
using System.Text.Json;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Conversations.Search;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Conversations;

/// <summary>
/// Full-text search over the redacted thread text (FTS5 on SQLite, a tsvector GIN index on PostgreSQL): words and
/// phrases, whatever the window, never on text a reader is not shown, with encoded snippets, in the list, API and page.
/// </summary>
public sealed class FullTextSearchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("refund", new[] { "refund" })]
    [InlineData("  Refund   DOCK ", new[] { "refund", "dock" })]
    [InlineData("\"dock is broken\" refund", new[] { "dock is broken", "refund" })]
    [InlineData("e-mail", new[] { "e mail" })]
    [InlineData("refund refund", new[] { "refund" })]
    [InlineData("\"unclosed phrase here", new[] { "unclosed phrase here" })]
    public void Words_and_quoted_phrases_are_read_as_terms(string text, string[] expected)
    {
        var search = TextSearch.Parse(text, out var error);
        Assert.Null(error);
        Assert.Equal(expected, search!.Phrases.Select(p => string.Join(' ', p)));
    }

    [Theory]
    [InlineData("!!! ---", "no word")]
    [InlineData("a b c d e f g h i j k l m n o p q", "more than 16")]
    public void A_search_without_words_or_with_too_many_is_refused(string text, string reason)
    {
        Assert.Null(TextSearch.Parse(text, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void A_snippet_marks_the_matches_in_the_best_message_and_keeps_markup_as_text()
    {
        var search = TextSearch.Parse("script \"dock broken\"", out _)!;
        IReadOnlyList<ConversationMessage> messages =
        [
            Message(1, "Hello, my dock is broken again."),
            Message(2, "Typing <script>alert(1)</script> in the form: the Dock   BROKEN message shows."),
        ];

        var snippet = SearchSnippets.Build(messages, search);

        Assert.NotNull(snippet);
        Assert.Equal(2, snippet.MessageNumber);
        Assert.Equal(["script", "script", "Dock   BROKEN"], snippet.Segments.Where(s => s.Match).Select(s => s.Text));
        Assert.Equal(messages[1].Text, string.Concat(snippet.Segments.Select(s => s.Text)));
        Assert.Null(SearchSnippets.Build([Message(1, "nothing here")], search));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Words_and_phrases_find_imported_threads_whatever_the_window(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await ImportAsync(db,
            Thread("FTS-1", "Hub A", "The dock at Main Street is broken.", "We sent a technician to the dock."),
            Thread("FTS-2", "Hub A", "Broken bike, the dock is fine.", "Thanks, refund issued."),
            Thread("FTS-3", "Hub A", "Nothing to see."));
        await SeedAsync(db, Row("FTS-1", Now.AddDays(-300)), Row("FTS-2", Now.AddHours(-1)), Row("FTS-3", Now.AddHours(-2)));
        var conversations = ConversationQueryFor(db);

        Assert.Equal(["FTS-2", "FTS-1"], await KeysAsync(conversations, "DOCK"));
        Assert.Equal(["FTS-1"], await KeysAsync(conversations, "\"dock at main\""));
        Assert.Equal(["FTS-1"], await KeysAsync(conversations, "\"is broken\""));
        Assert.Equal(["FTS-2"], await KeysAsync(conversations, "broken refund"));
        Assert.Empty(await KeysAsync(conversations, "\"broken dock\""));
        Assert.Empty(await KeysAsync(conversations, "technic"));
        Assert.Empty(await KeysAsync(conversations, "FTS"));

        // Other filters still apply; the snippet names the message and marks the words.
        var page = await conversations.GetPageAsync(new ConversationListRequest { Text = "technician dock", Filter = new MetricsFilter { Status = "Done" } }, Ct);
        var item = Assert.Single(page.Items);
        Assert.Equal(2, item.Snippet!.MessageNumber);
        Assert.Equal(["technician", "dock"], item.Snippet.Segments.Where(s => s.Match).Select(s => s.Text));
        Assert.Equal(0, (await conversations.GetPageAsync(new ConversationListRequest { Text = "dock", Filter = new MetricsFilter { Status = "Open" } }, Ct)).Total);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Only_redacted_text_is_searched_and_shown(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await ImportAsync(db, new Conversation
        {
            IssueKey = "PII-1",
            CustomFields = new Dictionary<string, string> { [CustomFieldKeys.Hub] = "Hub A" },
            Messages =
            [
                new ConversationMessage
                {
                    Index = 1,
                    Role = MessageRole.Customer,
                    Text = "Write to margarethe.quist@example.org about the invoice, Margarethe",
                    RedactedText = "Write to [email] about the invoice, [customer]",
                },
            ],
        });
        await SeedAsync(db, Row("PII-1", Now.AddHours(-1)));
        var conversations = ConversationQueryFor(db);

        Assert.Empty(await KeysAsync(conversations, "margarethe"));
        Assert.Empty(await KeysAsync(conversations, "example"));
        var item = Assert.Single((await conversations.GetPageAsync(new ConversationListRequest { Text = "invoice" }, Ct)).Items);
        var shown = string.Concat(item.Snippet!.Segments.Select(s => s.Text));
        Assert.Contains("[email]", shown);
        Assert.DoesNotContain("margarethe", shown, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_user_scoped_to_hubs_finds_only_their_hubs_tickets(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await ImportAsync(db, Thread("HUB-A", "Hub A", "Dock jammed"), Thread("HUB-B", "Hub B", "Dock jammed"));
        await SeedAsync(db, Row("HUB-A", Now.AddHours(-1)), Row("HUB-B", Now.AddHours(-1), r => r.Hub = "Hub B"));
        var conversations = ConversationQueryFor(db);

        Assert.Equal(["HUB-B", "HUB-A"], await KeysAsync(conversations, "jammed"));
        var scoped = await conversations.GetPageAsync(new ConversationListRequest { Text = "jammed", Filter = new MetricsFilter { AllowedHubs = "Hub B" } }, Ct);
        Assert.Equal(["HUB-B"], scoped.Items.Select(i => i.IssueKey));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_changed_thread_is_searched_as_changed(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await ImportAsync(db, Thread("UPD-1", "Hub A", "The saddle is torn"), Thread("UPD-2", "Hub A", "The saddle is fine"));
        await SeedAsync(db, Row("UPD-1", Now.AddHours(-1)), Row("UPD-2", Now.AddHours(-1)));
        var conversations = ConversationQueryFor(db);
        Assert.Equal(["UPD-2", "UPD-1"], await KeysAsync(conversations, "saddle"));

        // A webhook or a later import updates the stored thread (the update path, not the bulk insert).
        await ImportAsync(db, Thread("UPD-1", "Hub A", "The pedal is torn") with { UpdatedUtc = Now });

        Assert.Equal(["UPD-2"], await KeysAsync(conversations, "saddle"));
        Assert.Equal(["UPD-1"], await KeysAsync(conversations, "pedal"));
        Assert.Equal(["UPD-1"], await KeysAsync(conversations, "torn"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Threads_stored_before_the_index_existed_are_found(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using (var context = db.Factory.CreateDbContext())
        {
            var migrations = context.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_FullTextSearch", StringComparison.Ordinal)) - 1];
            await context.GetService<IMigrator>().MigrateAsync(before, Ct);
        }

        // Stored in the schema of that time (today's model has columns it did not have, and lacks ones it had).
        var old = PreparedConversationStore.ToRow(Thread("OLD-1", "Hub A", "Lost helmet at the depot"));
        await using (var context = db.Factory.CreateDbContext())
        {
            await context.Database.ExecuteSqlRawAsync(
                "INSERT INTO jira_prepared_conversations (issue_key, summary, reporter, status, resolution, custom_fields_json, thread_json, token_count, source, prepared_at_utc, content_hash, processed, hub) " +
                "VALUES ({0}, '', '', {1}, '', {2}, {3}, 0, 'test.csv', '2026-11-02 09:00:00', {4}, FALSE, 'Hub A')",
                [old.IssueKey, old.Status, old.CustomFieldsJson, old.ThreadJson, old.ContentHash],
                Ct);
        }

        await db.Factory.MigrateAsync(Ct);
        await SeedAsync(db, Row("OLD-1", Now.AddDays(-500)));

        Assert.Equal(["OLD-1"], await KeysAsync(ConversationQueryFor(db), "helmet depot"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Threads_indexed_inside_the_insert_are_found_after_the_upgrade_to_the_index_filled_per_batch(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using (var context = db.Factory.CreateDbContext())
        {
            // The step before: threads indexed by the insert trigger (SQLite) or the expression index (PostgreSQL).
            var before = context.Database.GetMigrations().Last(m => string.CompareOrdinal(m, "20261207235500") < 0);
            await context.GetService<IMigrator>().MigrateAsync(before, Ct);
            context.PreparedConversations.AddRange(
                PreparedConversationStore.ToRow(Thread("UPG-1", "Hub A", "Lost helmet at the depot", "A second message")),
                PreparedConversationStore.ToRow(Thread("UPG-2", "Hub A", "The helmet strap is torn")));
            await context.SaveChangesAsync(Ct);
            if (provider == DatabaseProvider.Sqlite)
            {
                // A thread the old index missed (stored while its trigger was gone) is indexed by the upgrade too.
                await context.Database.ExecuteSqlRawAsync($"DELETE FROM {ThreadTextIndex.SqliteTable} WHERE issue_key = 'UPG-2'", Ct);
            }
        }

        await db.Factory.MigrateAsync(Ct);
        await SeedAsync(db, Row("UPG-1", Now.AddHours(-2)), Row("UPG-2", Now.AddHours(-1)));
        var conversations = ConversationQueryFor(db);

        Assert.Equal(["UPG-2", "UPG-1"], await KeysAsync(conversations, "helmet"));
        Assert.Equal(["UPG-1"], await KeysAsync(conversations, "\"helmet at the depot\" second"));
        Assert.Equal(["UPG-2"], await KeysAsync(conversations, "\"strap is torn\""));

        // After the upgrade a changed and a new thread are indexed by the writer, each exactly once.
        await ImportAsync(db, Thread("UPG-2", "Hub A", "The pedal is torn") with { UpdatedUtc = Now }, Thread("UPG-3", "Hub A", "A helmet for the pedal"));
        await SeedAsync(db, Row("UPG-3", Now.AddHours(-3)));
        Assert.Equal(["UPG-1", "UPG-3"], await KeysAsync(conversations, "helmet"));
        Assert.Equal(["UPG-2", "UPG-3"], await KeysAsync(conversations, "pedal"));
        await using (var context = db.Factory.CreateDbContext())
        {
            Assert.Equal(3, await context.Database.SqlQueryRaw<int>($"SELECT CAST(count(*) AS integer) AS \"Value\" FROM {ThreadTextIndex.SqliteTable}").SingleAsync(Ct));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_thread_of_an_import_in_many_batches_is_found_once_the_import_has_ended(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new Ingestion.IngestionTestKit(db, new IngestionOptions { BatchSize = 2 });
        var words = Enumerable.Range(1, 9).Select(i => "marker" + (char)('a' + i)).ToList();
        var file = kit.WriteFile("batches.csv", Ingestion.CsvText.File(
            [Ingestion.CsvText.Header(), .. words.Select((w, i) => Ingestion.CsvText.Row($"BAT-{i + 1}", "03/11/2025 09:30", Ingestion.CsvText.Comment("03/11/2025 09:05", Ingestion.CsvText.Customer, $"The {w} dock is stuck")))]));

        var report = await kit.ImportAsync(file);

        Assert.Equal(9, report.Files.Single().Created);
        for (var i = 0; i < words.Count; i++)
        {
            Assert.Equal([$"BAT-{i + 1}"], await MatchingKeysAsync(db, words[i]));
        }

        Assert.Equal(9, (await MatchingKeysAsync(db, "dock")).Count);
    }

    [Fact]
    public async Task Threads_an_earlier_import_stored_without_index_entries_are_found_once_the_next_import_has_ended()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var kit = new Ingestion.IngestionTestKit(db, new IngestionOptions { BatchSize = 2 });
        string Rows(int count) => Ingestion.CsvText.File(
            [Ingestion.CsvText.Header(), .. Enumerable.Range(1, count).Select(i => Ingestion.CsvText.Row($"GAP-{i}", "03/11/2025 09:30", Ingestion.CsvText.Comment("03/11/2025 09:05", Ingestion.CsvText.Customer, $"Ticket number{i} saddle")))]);
        await kit.ImportAsync(kit.WriteFile("first.csv", Rows(3)));

        // An import stopped between storing its batches and writing their entries (the process was killed).
        await using (var context = db.Factory.CreateDbContext())
        {
            await context.Database.ExecuteSqlRawAsync($"DELETE FROM {ThreadTextIndex.PostgresTable} WHERE issue_key IN ('GAP-1', 'GAP-3')", Ct);
        }

        Assert.Equal(["GAP-2"], await MatchingKeysAsync(db, "saddle"));

        // The next import stores nothing new for them (the same threads, unchanged) and still leaves them searchable.
        var report = await kit.ImportAsync(kit.WriteFile("again.csv", Rows(4)));

        Assert.Equal((1, 3), (report.Files.Single().Created, report.Files.Single().Unchanged));
        Assert.Equal(["GAP-1", "GAP-2", "GAP-3", "GAP-4"], (await MatchingKeysAsync(db, "saddle")).Order(StringComparer.Ordinal));
        Assert.Equal(["GAP-3"], await MatchingKeysAsync(db, "number3"));
    }

    [Fact]
    public async Task An_entry_written_after_its_batch_never_replaces_a_newer_one_and_skips_deleted_threads()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await ImportAsync(db, Thread("LATE-1", "Hub A", "The pedal is torn"));

        // The import's filler writes the entry of the thread as it first stored it, after another writer changed it.
        await using (var context = db.Factory.CreateDbContext())
        {
            await ThreadTextIndex.StoreNewAsync(context, [new ThreadTextIndex.Entry("LATE-1", "The saddle is torn"), new ThreadTextIndex.Entry("GONE-1", "The saddle is gone")], Ct);
        }

        Assert.Equal(["LATE-1"], await MatchingKeysAsync(db, "pedal"));
        Assert.Empty(await MatchingKeysAsync(db, "saddle"));
    }

    [Fact]
    public async Task The_api_returns_snippets_as_segments_for_a_viewer_and_refuses_a_search_without_words()
    {
        await using var factory = new JiraQualityAppFactory();
        await ImportAsync(factory.Services.GetRequiredService<JiraQualityContextFactory>(),
            Thread("API-1", "Hub A", "The page shows <script>alert('x')</script> after the refund."));
        await using (var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext())
        {
            db.ProcessedConversations.Add(Row("API-1", Now.AddDays(-30)));
            await db.SaveChangesAsync(Ct);
        }

        using var viewer = await factory.CreateClientForAsync(Roles.Viewer);
        using var list = JsonDocument.Parse(await viewer.GetStringAsync("/api/conversations?window=24h&text=" + Uri.EscapeDataString("script refund"), Ct));
        Assert.Equal(1, list.RootElement.GetProperty("total").GetInt32());
        var snippet = list.RootElement.GetProperty("items")[0].GetProperty("snippet");
        Assert.Equal(1, snippet.GetProperty("messageNumber").GetInt32());
        var segments = snippet.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(["script", "script", "refund"], segments.Where(s => s.GetProperty("match").GetBoolean()).Select(s => s.GetProperty("text").GetString()));
        Assert.Contains("<script>alert('x')</script>", string.Concat(segments.Select(s => s.GetProperty("text").GetString())));

        using var refused = await viewer.GetAsync("/api/conversations?text=" + Uri.EscapeDataString("?!"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("text", await refused.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Analyst_searches_thread_text_in_the_list_and_opens_the_matching_message()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        await ImportAsync(factory.Services.GetRequiredService<JiraQualityContextFactory>(),
            Thread("WEB-1", "Hub A", "Hello", "Typing <script>window.__injected = 1</script> breaks the dock page", "Fixed."),
            Thread("WEB-2", "Hub A", "Unrelated ticket"));
        await using (var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext())
        {
            db.ProcessedConversations.AddRange(Row("WEB-1", Now.AddDays(-90)), Row("WEB-2", DateTime.UtcNow.AddHours(-1)));
            await db.SaveChangesAsync(Ct);
        }

        var page = await browser.OpenAsync(baseUrl + "/conversations?window=7d", role: Roles.Viewer);
        await Assertions.Expect(page.Locator("#conversations-total")).ToHaveTextAsync("1 conversation(s)");
        await page.Locator("#filter-text").FillAsync("\"dock page\" script");
        await page.Locator("#filter-text").PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("text=[^&]*dock[^&]*page[^&]*script"));
        await Assertions.Expect(page.Locator("#conversations-total")).ToHaveTextAsync("1 conversation(s)");
        await Assertions.Expect(page.Locator("#list-window")).ToContainTextAsync("any date");
        var snippet = page.Locator("a.jq-snippet");
        await Assertions.Expect(snippet).ToContainTextAsync("<script>window.__injected = 1</script>");
        await Assertions.Expect(snippet.Locator("mark")).ToHaveTextAsync(["script", "script", "dock page"]);
        Assert.Equal(0, await page.Locator("a.jq-snippet script").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__injected ?? null"));

        // The state is in the URL: a reload shows the same search.
        await page.ReloadAsync();
        await Infrastructure.Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("a.jq-snippet mark")).ToHaveCountAsync(3);
        await Infrastructure.Browser.ScreenshotAsync(page, "text-search");

        await page.Locator("a.jq-snippet").ClickAsync();
        await Assertions.Expect(page.Locator("h1#page-title")).ToHaveTextAsync("WEB-1");
        await Assertions.Expect(page.Locator("#message-2")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("jq-message-highlight"));
    }

    private static ConversationMessage Message(int index, string text) => new()
    {
        Index = index,
        Role = index % 2 == 1 ? MessageRole.Customer : MessageRole.Agent,
        TimestampUtc = Now.AddMinutes(index),
        Text = text,
        RedactedText = text,
    };

    private static Conversation Thread(string key, string hub, params string[] texts) => new()
    {
        IssueKey = key,
        Status = "Done",
        CreatedUtc = Now.AddDays(-1),
        UpdatedUtc = Now.AddDays(-1),
        CustomFields = new Dictionary<string, string> { [CustomFieldKeys.Hub] = hub },
        Messages = texts.Select((t, i) => Message(i + 1, t)).ToList(),
    };

    private static Task ImportAsync(TestDatabase db, params Conversation[] conversations) => ImportAsync(db.Factory, conversations);

    private static async Task ImportAsync(IDbContextFactory<JiraQualityDbContext> contexts, params Conversation[] conversations)
    {
        var result = await new PreparedConversationStore(contexts, TimeProvider.System).UpsertAsync(conversations, Ct);
        Assert.Equal(conversations.Length, result.Created + result.Updated);
    }

    private static async Task<List<string>> MatchingKeysAsync(TestDatabase db, string text)
    {
        await using var context = db.Factory.CreateDbContext();
        return await ThreadTextIndex.MatchingKeys(context, TextSearch.Parse(text, out _)!).ToListAsync(Ct);
    }

    private static async Task<List<string>> KeysAsync(ConversationQuery conversations, string text) =>
        (await conversations.GetPageAsync(new ConversationListRequest { Text = text, Window = MetricsWindow.Last24Hours }, Ct)).Items.Select(i => i.IssueKey).ToList();
}
