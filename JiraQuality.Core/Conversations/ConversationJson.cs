using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace JiraQuality.Core.Conversations;

/// <summary>The one JSON shape of a stored thread and custom-field map.</summary>
public static class ConversationJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new MessageAuthorSourceConverter() },
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

/// <summary>
/// A message's author source in the stored shape (<c>{"name": …, "accountType": …}</c>, nulls left out), read without the
/// serializer's constructor-argument path for positional records, which cost more than the rest of the message when
/// scoring decodes a thread per conversation. Property names are matched case-insensitively and unknown ones skipped,
/// as the serializer's web defaults do.
/// </summary>
internal sealed class MessageAuthorSourceConverter : JsonConverter<MessageAuthorSource>
{
    public override MessageAuthorSource Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected an object for the author source, found {reader.TokenType}.");
        }

        string? name = null, accountType = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var isName = reader.ValueTextEquals("name"u8) || (!reader.ValueTextEquals("accountType"u8) && string.Equals(reader.GetString(), "name", StringComparison.OrdinalIgnoreCase));
            var isAccountType = !isName && (reader.ValueTextEquals("accountType"u8) || string.Equals(reader.GetString(), "accountType", StringComparison.OrdinalIgnoreCase));
            reader.Read();
            if (isName)
            {
                name = ReadString(ref reader);
            }
            else if (isAccountType)
            {
                accountType = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return new MessageAuthorSource(name, accountType);
    }

    public override void Write(Utf8JsonWriter writer, MessageAuthorSource value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Name is not null)
        {
            writer.WriteString("name"u8, value.Name);
        }

        if (value.AccountType is not null)
        {
            writer.WriteString("accountType"u8, value.AccountType);
        }

        writer.WriteEndObject();
    }

    private static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        _ => throw new JsonException($"Expected a string or null in the author source, found {reader.TokenType}."),
    };
}

[JsonSerializable(typeof(List<ConversationMessage>))]
[JsonSerializable(typeof(IReadOnlyList<ConversationMessage>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(TrimRecord))]
internal sealed partial class ConversationJsonContext : JsonSerializerContext;
