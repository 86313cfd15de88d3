using System.Text.Json;
using JiraQuality.Core.Instances;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Scoring.Taxonomy;

/// <summary>
/// The taxonomy the scorer uses when a run names none: a file uploaded on the Settings page wins over
/// <c>Scoring:TaxonomyFile</c>, which defaults to the shipped file. The uploaded taxonomy is kept in the database
/// (<c>shared_settings</c>), so every instance on it scores with the same labels and computes the same scorer version;
/// one an older version kept in the data folder (<see cref="UploadedFileName"/>) is moved into the database when first read.
/// Without a database (a bare options object in tests) the uploaded file in the data folder is used as before.
/// </summary>
public sealed class TaxonomyStore(
    IOptions<ScoringOptions> options,
    IDbContextFactory<JiraQualityDbContext>? contextFactory = null,
    TimeProvider? timeProvider = null)
{
    public const string UploadedFileName = "contact-reasons.uploaded.json";

    /// <summary>The <c>shared_settings</c> rows holding the uploaded taxonomy's JSON and the name it was uploaded under.</summary>
    public const string UploadedSettingName = "scoring.uploaded-taxonomy";
    public const string UploadedNameSettingName = "scoring.uploaded-taxonomy-name";

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
        if (ReadUploadedFromDatabase() is { } uploaded)
        {
            return uploaded;
        }

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

    /// <summary>
    /// The uploaded taxonomy kept in the database, after moving one an older version left in the data folder there;
    /// null when none was uploaded (or there is no database).
    /// </summary>
    private ActiveTaxonomy? ReadUploadedFromDatabase()
    {
        if (contextFactory is null)
        {
            return null;
        }

        using var db = contextFactory.CreateDbContext();
        var rows = db.SharedSettings.AsNoTracking()
            .Where(s => s.Name == UploadedSettingName || s.Name == UploadedNameSettingName)
            .ToDictionary(s => s.Name, s => s.Value);
        if (!rows.TryGetValue(UploadedSettingName, out var json))
        {
            var legacy = options.Value.UploadedTaxonomyFile;
            if (string.IsNullOrWhiteSpace(legacy) || !File.Exists(legacy))
            {
                return null;
            }

            json = File.ReadAllText(legacy);
            var name = Path.GetFileName(legacy);
            Upsert(db, json, name);
            db.SaveChanges();
            File.Delete(legacy);
            rows[UploadedNameSettingName] = name;
        }

        var fileName = rows.GetValueOrDefault(UploadedNameSettingName) ?? UploadedFileName;
        return new ActiveTaxonomy(Validate(json, fileName), TaxonomySourceKind.Uploaded, fileName);
    }

    private void Upsert(JiraQualityDbContext db, string json, string fileName)
    {
        var now = (timeProvider ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        foreach (var (name, value) in new[] { (UploadedSettingName, json), (UploadedNameSettingName, fileName) })
        {
            var row = db.SharedSettings.Find(name);
            if (row is null)
            {
                db.SharedSettings.Add(new SharedSetting { Name = name, Value = value, UpdatedAtUtc = now });
            }
            else
            {
                row.Value = value;
                row.UpdatedAtUtc = now;
            }
        }
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
    /// Validates then keeps the uploaded taxonomy (in the database, for every instance); the previous taxonomy stays in
    /// use when the file is refused. A changed label set changes the LLM scorer's version, so the next processing run re-scores.
    /// </summary>
    public async Task<ContactReasonTaxonomy> SaveUploadedAsync(string json, string fileName, CancellationToken cancellationToken = default)
    {
        var taxonomy = Validate(json, fileName);
        if (contextFactory is not null)
        {
            await using var db = contextFactory.CreateDbContext();
            Upsert(db, json, fileName);
            await db.SaveChangesAsync(cancellationToken);
            return taxonomy;
        }

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
        if (contextFactory is not null)
        {
            using var db = contextFactory.CreateDbContext();
            db.SharedSettings.Where(s => s.Name == UploadedSettingName || s.Name == UploadedNameSettingName).ExecuteDelete();
        }

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
