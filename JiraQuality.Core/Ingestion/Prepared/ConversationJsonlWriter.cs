using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Csv;
using JiraQuality.Core.Ingestion.Redaction;

namespace JiraQuality.Core.Ingestion.Prepared;

/// <summary>
/// Writes conversations as JSON Lines in the predecessor's record layout (issue_key, user_summary, reporter,
/// status, resolution, Rental ID, Bike QR Code, created, updated, due_date, source_csv, custom_fields,
/// comments[date, author, role ~A/~C/~U, text, internal_note, index], merged_text, merge_context_size_tokens),
/// so its tooling can read them. Redacted output uses the redacted texts and hides the reporter's name.
/// </summary>
public sealed class ConversationJsonlWriter(bool redacted) : IDisposable, IAsyncDisposable
{
    public const string RedactedReporter = "[reporter]";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    private static readonly string[] TopLevelCustomFields = [CustomFieldKeys.RentalId, CustomFieldKeys.BikeQrCode];

    private readonly MemoryStream _line = new();
    private readonly MemoryStream _unescaped = new();
    private Utf8JsonWriter? _json;

    public bool Redacted => redacted;

    /// <summary>Writes every conversation to <paramref name="output"/>, one line each; leaves the stream open.</summary>
    public static async Task<int> WriteAsync(IAsyncEnumerable<Conversation> conversations, Stream output, bool redacted, CancellationToken cancellationToken)
    {
        using var writer = new ConversationJsonlWriter(redacted);
        var count = 0;
        await foreach (var conversation in conversations.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(conversation, output, cancellationToken);
            count++;
        }

        await output.FlushAsync(cancellationToken);
        return count;
    }

    /// <summary>Writes every conversation to <paramref name="output"/> as text, one line each.</summary>
    public static async Task<int> WriteAsync(IEnumerable<Conversation> conversations, TextWriter output, bool redacted, CancellationToken cancellationToken)
    {
        using var writer = new ConversationJsonlWriter(redacted);
        var count = 0;
        foreach (var conversation in conversations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await output.WriteLineAsync(writer.ToLine(conversation).AsMemory(), cancellationToken);
            count++;
        }

        await output.FlushAsync(cancellationToken);
        return count;
    }

    /// <summary>Appends one record and a newline to <paramref name="output"/>.</summary>
    public async Task WriteAsync(Conversation conversation, Stream output, CancellationToken cancellationToken)
    {
        WriteRecord(conversation);
        _line.WriteByte((byte)'\n');
        await output.WriteAsync(_line.GetBuffer().AsMemory(0, (int)_line.Length), cancellationToken);
    }

    /// <summary>One record as a JSON string without the newline.</summary>
    public string ToLine(Conversation conversation)
    {
        WriteRecord(conversation);
        return Encoding.UTF8.GetString(_line.GetBuffer(), 0, (int)_line.Length);
    }

    private void WriteRecord(Conversation c)
    {
        _line.SetLength(0);
        if (_json is null)
        {
            _json = new Utf8JsonWriter(_line, WriterOptions);
        }
        else
        {
            _json.Reset(_line);
        }

        var w = _json;
        w.WriteStartObject();
        w.WriteString("issue_key", c.IssueKey);
        w.WriteString("user_summary", redacted ? PiiRedactor.Redact(c.Summary) : c.Summary);
        w.WriteString("reporter", redacted && c.Reporter.Length > 0 ? RedactedReporter : c.Reporter);
        w.WriteString("status", c.Status);
        w.WriteString("resolution", c.Resolution);
        if (c.CustomFields.TryGetValue(CustomFieldKeys.RentalId, out var rentalId))
        {
            w.WriteString("Rental ID", rentalId);
        }

        if (c.CustomFields.TryGetValue(CustomFieldKeys.BikeQrCode, out var qrCode))
        {
            w.WriteString("Bike QR Code", qrCode);
        }

        WriteTimestamp(w, "created", c.CreatedUtc);
        WriteTimestamp(w, "updated", c.UpdatedUtc);
        if (c.DueDate is null)
        {
            w.WriteNull("due_date");
        }
        else if (DueDates.TryParseUtc(c.DueDate, out var due))
        {
            // Read like created (the export's "13/Aug/25", REST's "2025-08-13"), so the predecessor's tools get one format.
            WriteTimestamp(w, "due_date", due);
        }
        else
        {
            w.WriteString("due_date", c.DueDate);
        }

        w.WriteString("source_csv", c.Source);
        w.WriteStartObject("custom_fields");
        foreach (var (key, value) in c.CustomFields)
        {
            if (Array.IndexOf(TopLevelCustomFields, key) < 0)
            {
                w.WriteString(key, value);
            }
        }

        w.WriteEndObject();

        var merged = new StringBuilder();
        w.WriteStartArray("comments");
        foreach (var m in c.Messages)
        {
            var text = redacted ? m.RedactedText : m.Text;
            var role = RoleCode(m.Role);
            w.WriteStartObject();
            WriteTimestamp(w, "date", m.TimestampUtc);
            if (m.AuthorId is null)
            {
                w.WriteNull("author");
            }
            else
            {
                w.WriteString("author", redacted ? UsernamePseudonyms.Redact(m.AuthorId) : m.AuthorId);
            }

            w.WriteString("role", role);
            w.WriteString("text", text);
            w.WriteBoolean("internal_note", m.IsInternal);
            w.WriteNumber("index", m.Index);
            w.WriteEndObject();
            if (text.Length > 0)
            {
                if (merged.Length > 0)
                {
                    merged.Append(' ');
                }

                merged.Append(role).Append(':').Append(text);
            }
        }

        w.WriteEndArray();
        w.WriteString("merged_text", merged.ToString());
        w.WriteNumber("merge_context_size_tokens", c.TokenCount);
        w.WriteEndObject();
        w.Flush();
        KeepSupplementaryCharacters();
    }

    // The JSON encoder escapes characters outside the Basic Multilingual Plane (emoji) as surrogate pairs
    // even in relaxed mode; the predecessor's records keep all non-ASCII text as it is, so they are turned
    // back into UTF-8 here.
    private void KeepSupplementaryCharacters()
    {
        var bytes = _line.GetBuffer().AsSpan(0, (int)_line.Length);
        if (bytes.IndexOf("\\uD"u8) < 0 && bytes.IndexOf("\\ud"u8) < 0)
        {
            return;
        }

        _unescaped.SetLength(0);
        Span<byte> encoded = stackalloc byte[4];
        var i = 0;
        while (i < bytes.Length)
        {
            if (bytes[i] != (byte)'\\' || i + 1 >= bytes.Length)
            {
                _unescaped.WriteByte(bytes[i++]);
                continue;
            }

            if (bytes[i + 1] == (byte)'u' && i + 12 <= bytes.Length && bytes[i + 6] == (byte)'\\' && bytes[i + 7] == (byte)'u'
                && TryHex(bytes.Slice(i + 2, 4), out var high) && char.IsHighSurrogate((char)high)
                && TryHex(bytes.Slice(i + 8, 4), out var low) && char.IsLowSurrogate((char)low))
            {
                var rune = new System.Text.Rune((char)high, (char)low);
                var length = rune.EncodeToUtf8(encoded);
                _unescaped.Write(encoded[..length]);
                i += 12;
                continue;
            }

            // Any other escape (\\, \", \n, \u00xx) is copied whole so its backslash is not read twice.
            _unescaped.WriteByte(bytes[i]);
            _unescaped.WriteByte(bytes[i + 1]);
            i += 2;
        }

        _line.SetLength(0);
        _unescaped.Position = 0;
        _unescaped.CopyTo(_line);
    }

    private static bool TryHex(ReadOnlySpan<byte> hex, out int value) =>
        int.TryParse(hex, System.Globalization.NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);

    public static string RoleCode(MessageRole role) => role switch
    {
        MessageRole.Agent => "~A",
        MessageRole.Customer => "~C",
        _ => "~U",
    };

    // Naive ISO-8601 in UTC, as the predecessor's comment dates; its scorer reads naive values as UTC.
    // A due date is a calendar date: no time zone moves it.
    private static readonly JiraDateParser DueDates = new(TimeZoneInfo.Utc, ExportDateOrder.DayFirst);

    private static void WriteTimestamp(Utf8JsonWriter w, string name, DateTime? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value.Value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        }
    }

    public void Dispose()
    {
        _json?.Dispose();
        _line.Dispose();
        _unescaped.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
