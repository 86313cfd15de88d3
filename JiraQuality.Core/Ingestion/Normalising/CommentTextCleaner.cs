using System.Text.RegularExpressions;
using JiraQuality.Core.Ingestion.Redaction;

namespace JiraQuality.Core.Ingestion.Normalising;

/// <summary>
/// Turns Jira wiki-markup comment bodies into plain conversation text. URLs are replaced first so a link to
/// an image is one <c>[link]</c>; image markup only matches file names, so text between two exclamation
/// marks ("Hey! Thanks!") survives. Mentions stay as the source showed them; <see cref="MentionRedactor"/> replaces
/// them in redacted text.
/// </summary>
public static partial class CommentTextCleaner
{
    public const string ImagePlaceholder = "[image file]";
    public const string VideoPlaceholder = "[video file]";
    public const string AttachmentPlaceholder = "[attachment]";
    public const string LinkPlaceholder = "[link]";
    public const string MentionPlaceholder = "[mention]";

    private const string ImageExtensions = "png|jpe?g|gif|bmp|tiff?|svg|webp|heic";
    private const string VideoExtensions = "mp4|mov|avi|wmv|mkv|webm|m4v";

    /// <summary>Cleans one comment body.</summary>
    public static string Clean(string body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return "";
        }

        var text = MentionRedactor.Reveal(body.Replace("\r\n", "\n").Replace('\r', '\n'));
        text = BlockMarkup().Replace(text, "");
        text = LinkMarkup().Replace(text, m => LinkText(m.Groups["text"].Value));
        text = Url().Replace(text, m => LinkPlaceholder + TrailingPunctuation(m.Value));
        text = text.Replace("[" + LinkPlaceholder + "]", LinkPlaceholder, StringComparison.Ordinal);
        text = EmbeddedFile().Replace(text, m => PlaceholderFor(m.Groups["ext"].Value));
        text = AttachmentLink().Replace(text, m => PlaceholderFor(m.Groups["ext"].Value));
        text = BareImageFile().Replace(text, ImagePlaceholder);
        text = BareVideoFile().Replace(text, VideoPlaceholder);
        text = TrailingSpaces().Replace(text, "\n");
        text = ExtraBlankLines().Replace(text, "\n\n");
        return text.Trim();
    }

    /// <summary>
    /// The CSV export has no public/internal flag; Jira renders internal notes with a rule and a bold
    /// "Note:" heading, or starts them with a mention of a colleague.
    /// </summary>
    public static bool LooksLikeInternalNote(string body) =>
        (body.Contains("----", StringComparison.Ordinal) && body.Contains("*Note:", StringComparison.OrdinalIgnoreCase))
        || body.TrimStart().StartsWith("[~accountid:", StringComparison.OrdinalIgnoreCase);

    /// <summary>Jira link markup <c>[text|url]</c> keeps its text; a smart link (<c>[url|url|smart-link]</c>) or a bare <c>[url]</c> is a link.</summary>
    private static string LinkText(string text) =>
        string.IsNullOrWhiteSpace(text) || Url().IsMatch(text) ? LinkPlaceholder : text.Trim();

    /// <summary>
    /// Sentence punctuation right after a URL is not part of it: "see https://x/y)." keeps ")." A closing parenthesis
    /// that closes one opened inside the URL (wiki links) stays in the URL.
    /// </summary>
    private static string TrailingPunctuation(string url)
    {
        var end = url.Length;
        while (end > 0)
        {
            var c = url[end - 1];
            if (c is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or '*' or '_')
            {
                end--;
            }
            else if (c == ')' && url.AsSpan(0, end).Count('(') < url.AsSpan(0, end).Count(')'))
            {
                end--;
            }
            else
            {
                break;
            }
        }

        return url[end..];
    }

    private static string PlaceholderFor(string extension) =>
        ImageExtension().IsMatch(extension) ? ImagePlaceholder
        : VideoExtension().IsMatch(extension) ? VideoPlaceholder
        : AttachmentPlaceholder;

    [GeneratedRegex(@"https?://[^\s\]\|<>""]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    // !name.ext!, !name.ext|thumbnail!, !Screenshot 2025-09-08 091615.png|width=758,alt="…"! — a file name with an
    // extension right after the opening mark (no space there, so "Hey! Thanks!" is text).
    [GeneratedRegex(@"!(?<name>[^\s!|][^!|\n]*?\.(?<ext>[A-Za-z0-9]{2,5}))(\|[^!\n]*)?!")]
    private static partial Regex EmbeddedFile();

    // {noformat}, {code}, {code:java}, {quote}, {color:#ff0000} … {color}, {panel:title=x}: the tags go, the text stays.
    [GeneratedRegex(@"\{(?:noformat|code|quote|color|panel)(?::[^}\n]*)?\}", RegexOptions.IgnoreCase)]
    private static partial Regex BlockMarkup();

    // [text|https://…] and smart links [https://…|https://…|smart-link]; the URL part has no spaces or brackets.
    [GeneratedRegex(@"\[(?<text>[^\[\]|\n]*)\|(?<url>(?:https?://|mailto:)[^\]|\s]*)(?:\|[^\]\n]*)?\]", RegexOptions.IgnoreCase)]
    private static partial Regex LinkMarkup();

    // [^name.ext] attachment links, with the size Jira appends: _(1.45 MB)_
    [GeneratedRegex(@"\[\^(?<name>[^\]\n]+?\.(?<ext>[A-Za-z0-9]{2,5}))\](\s*_\([^)\n]*\)_)?")]
    private static partial Regex AttachmentLink();

    [GeneratedRegex(@"(?<![\w\[])[\w\-.]+\.(" + ImageExtensions + @")\b", RegexOptions.IgnoreCase)]
    private static partial Regex BareImageFile();

    [GeneratedRegex(@"(?<![\w\[])[\w\-.]+\.(" + VideoExtensions + @")\b", RegexOptions.IgnoreCase)]
    private static partial Regex BareVideoFile();

    [GeneratedRegex(@"^(" + ImageExtensions + ")$", RegexOptions.IgnoreCase)]
    private static partial Regex ImageExtension();

    [GeneratedRegex(@"^(" + VideoExtensions + ")$", RegexOptions.IgnoreCase)]
    private static partial Regex VideoExtension();

    [GeneratedRegex(@"[ \t]+\n")]
    private static partial Regex TrailingSpaces();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex ExtraBlankLines();
}
