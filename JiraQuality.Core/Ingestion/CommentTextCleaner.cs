using System.Text.RegularExpressions;

namespace JiraQuality.Core.Ingestion;

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
        text = Url().Replace(text, LinkKeepingTrailingPunctuation);
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

    /// <summary>
    /// An address ends before the punctuation that closes the sentence or the parenthesis around it
    /// ("see (https://example.com/a)." keeps its ")."); a ")" the address itself opened stays part of it.
    /// </summary>
    private static string LinkKeepingTrailingPunctuation(Match match)
    {
        var url = match.Value;
        var end = url.Length;
        while (end > 0)
        {
            var last = url[end - 1];
            if (last is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or '*' or '_')
            {
                end--;
            }
            else if (last == ')' && url.AsSpan(0, end).Count('(') < url.AsSpan(0, end).Count(')'))
            {
                end--;
            }
            else
            {
                break;
            }
        }

        return end == 0 ? url : LinkPlaceholder + url[end..];
    }

    private static string PlaceholderFor(string extension) =>
        ImageExtension().IsMatch(extension) ? ImagePlaceholder
        : VideoExtension().IsMatch(extension) ? VideoPlaceholder
        : AttachmentPlaceholder;

    [GeneratedRegex(@"https?://[^\s\]\|<>""]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    // !name.ext! or !name.ext|thumbnail! — the inside is a file name (no spaces) with an extension.
    [GeneratedRegex(@"!(?<name>[^\s!|]+\.(?<ext>[A-Za-z0-9]{2,5}))(\|[^!\n]*)?!")]
    private static partial Regex EmbeddedFile();

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
