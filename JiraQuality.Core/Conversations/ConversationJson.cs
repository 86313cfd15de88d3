using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace JiraQuality.Core.Conversations;

/// <summary>The one JSON shape of a stored thread and custom-field map.</summary>
public static class ConversationJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,

        // Generated metadata for the stored shapes (scoring reads a thread per conversation); reflection for anything else.
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ConversationJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    public static string SerializeMessages(IReadOnlyList<ConversationMessage> messages) =>
        JsonSerializer.Serialize(messages, Options);

    public static IReadOnlyList<ConversationMessage> DeserializeMessages(string json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<ConversationMessage>>(json, Options) ?? [];

    /// <summary>The messages of a thread stored as UTF-8 JSON text (what <see cref="SerializeMessages"/> wrote).</summary>
    public static IReadOnlyList<ConversationMessage> DeserializeMessages(ReadOnlySpan<byte> utf8Json) =>
        IsBlank(utf8Json) ? [] : JsonSerializer.Deserialize<List<ConversationMessage>>(utf8Json, Options) ?? [];

    public static string SerializeCustomFields(IReadOnlyDictionary<string, string> fields) =>
        JsonSerializer.Serialize(fields, Options);

    public static IReadOnlyDictionary<string, string> DeserializeCustomFields(string json) =>
        string.IsNullOrWhiteSpace(json) ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(json, Options) ?? [];

    public static string? SerializeTrim(TrimRecord? trim) => trim is null ? null : JsonSerializer.Serialize(trim, Options);

    public static TrimRecord? DeserializeTrim(string? json) =>
        string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<TrimRecord>(json, Options);

    private static bool IsBlank(ReadOnlySpan<byte> utf8) => utf8.Trim(" \t\r\n"u8).IsEmpty;
}

[JsonSerializable(typeof(List<ConversationMessage>))]
[JsonSerializable(typeof(IReadOnlyList<ConversationMessage>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(TrimRecord))]
internal sealed partial class ConversationJsonContext : JsonSerializerContext;
