using System.Text.Json;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Scoring;

/// <summary>Where the taxonomy in use was read from.</summary>
public enum TaxonomySourceKind
{
    /// <summary>The default file shipped in the data folder.</summary>
    Default,

    /// <summary>A file named by <c>Scoring:TaxonomyFile</c>.</summary>
    Configured,

    /// <summary>A file uploaded on the Settings page, kept in the data folder.</summary>
    Uploaded,
}

public sealed record ActiveTaxonomy(ContactReasonTaxonomy Taxonomy, TaxonomySourceKind Kind, string FilePath);

/// <summary>
/// The taxonomy the scorer uses when a run names none: a file uploaded on the Settings page (kept in the data
/// folder as <see cref="UploadedFileName"/>) wins over <c>Scoring:TaxonomyFile</c>, which defaults to the shipped file.
/// </summary>
public sealed class TaxonomyStore(IOptions<ScoringOptions> options)
{
    public const string UploadedFileName = "contact-reasons.uploaded.json";

    /// <summary>Uploads larger than this are refused: a taxonomy is a few kilobytes.</summary>
    public const long MaxUploadBytes = 1024 * 1024;

    public string UploadedFile => options.Value.UploadedTaxonomyFile;

    public string ActiveFile => ResolveActiveFile(options.Value);

    public static string ResolveActiveFile(ScoringOptions scoring) =>
        !string.IsNullOrWhiteSpace(scoring.UploadedTaxonomyFile) && File.Exists(scoring.UploadedTaxonomyFile)
            ? scoring.UploadedTaxonomyFile
            : scoring.TaxonomyFile;

    public ActiveTaxonomy Load()
    {
        var scoring = options.Value;
        var file = ResolveActiveFile(scoring);
        if (string.IsNullOrWhiteSpace(file))
        {
            throw new InvalidOperationException("No contact-reason taxonomy file is configured (Scoring:TaxonomyFile).");
        }

        var kind = file == scoring.UploadedTaxonomyFile
            ? TaxonomySourceKind.Uploaded
            : string.Equals(Path.GetFileName(file), ContactReasonTaxonomy.DefaultFileName, StringComparison.Ordinal)
                ? TaxonomySourceKind.Default
                : TaxonomySourceKind.Configured;
        return new ActiveTaxonomy(ContactReasonTaxonomy.Load(file), kind, file);
    }

    /// <summary>Parses an uploaded taxonomy; bad JSON or a bad shape is an <see cref="InvalidDataException"/> naming the file and the problem.</summary>
    public static ContactReasonTaxonomy Validate(string json, string fileName)
    {
        try
        {
            return ContactReasonTaxonomy.Parse(json, fileName);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : "";
            throw new InvalidDataException($"Taxonomy '{fileName}' is not valid JSON{where}: {FirstSentence(ex.Message)}", ex);
        }
    }

    /// <summary>
    /// Validates then keeps the uploaded file in the data folder; the previous taxonomy stays in use when the file is
    /// refused. A changed label set changes the LLM scorer's version, so the next processing run re-scores.
    /// </summary>
    public async Task<ContactReasonTaxonomy> SaveUploadedAsync(string json, string fileName, CancellationToken cancellationToken = default)
    {
        var taxonomy = Validate(json, fileName);
        var target = UploadedFile;
        if (string.IsNullOrWhiteSpace(target))
        {
            throw new InvalidOperationException("The data folder is not known, so an uploaded taxonomy cannot be kept.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + ".tmp";
        await File.WriteAllTextAsync(temporary, json, cancellationToken);
        File.Move(temporary, target, overwrite: true);
        return taxonomy;
    }

    /// <summary>Forgets the uploaded taxonomy: the configured or default file is used again.</summary>
    public void ResetToDefault()
    {
        if (!string.IsNullOrWhiteSpace(UploadedFile))
        {
            File.Delete(UploadedFile);
        }
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends its own "LineNumber: ... | BytePositionInLine: ..." which is repeated above.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
