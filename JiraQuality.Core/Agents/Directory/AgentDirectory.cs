using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Reporting.Exports;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Agents.Directory;

/// <summary>Reads and writes the agent directory (table <c>agent_directory</c>, seeded from a CSV in the data folder).</summary>
public sealed class AgentDirectoryService(IDbContextFactory<JiraQualityDbContext> contextFactory, IngestionPaths paths)
{
    public static readonly string[] CsvHeader = ["account_id", "display_name", "tier"];

    /// <summary>
    /// The directory as stored; when the table is empty and the data folder has the directory file, that
    /// file is loaded into the table first.
    /// </summary>
    public async Task<AgentDirectorySnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default)
    {
        var entries = await GetAllAsync(cancellationToken);
        return new AgentDirectorySnapshot(entries);
    }

    /// <summary>The directory ordered by display name (seeded from the data folder's file when the table is empty).</summary>
    public async Task<IReadOnlyList<AgentDto>> ListAsync(CancellationToken cancellationToken = default) =>
        [.. (await GetAllAsync(cancellationToken)).Select(ToDto)];

    /// <summary>Replaces the whole directory in one transaction.</summary>
    public Task SaveAsync(SaveAgentsCommand command, CancellationToken cancellationToken = default) =>
        ReplaceAllAsync([.. command.Agents.Select(a => new AgentDirectoryEntry { AccountId = a.AccountId, DisplayName = a.DisplayName, Tier = a.Tier })], cancellationToken);

    /// <summary>Adds one agent unless its account id is already listed; true when it was added.</summary>
    public async Task<bool> AddIfMissingAsync(AgentDto agent, CancellationToken cancellationToken = default)
    {
        var entries = await ListAsync(cancellationToken);
        if (entries.Any(e => string.Equals(e.AccountId, agent.AccountId.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        await SaveAsync(new SaveAgentsCommand([.. entries, agent]), cancellationToken);
        return true;
    }

    internal async Task<IReadOnlyList<AgentDirectoryEntry>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var entries = await db.AgentDirectory.AsNoTracking().OrderBy(e => e.DisplayName).ToListAsync(cancellationToken);
        if (entries.Count == 0 && File.Exists(paths.AgentDirectoryFile))
        {
            await using var stream = File.OpenRead(paths.AgentDirectoryFile);
            entries = [.. ReadCsv(stream, Path.GetFileName(paths.AgentDirectoryFile))];
            try
            {
                await ReplaceAllAsync(entries, cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Two imports starting together both seed the empty table; the other one's copy is the same file.
            }
        }

        return entries;
    }

    /// <summary>Replaces the whole directory in one transaction.</summary>
    internal async Task ReplaceAllAsync(IReadOnlyList<AgentDirectoryEntry> entries, CancellationToken cancellationToken = default)
    {
        var distinct = entries
            .Where(e => !string.IsNullOrWhiteSpace(e.AccountId))
            .GroupBy(e => e.AccountId.Trim(), StringComparer.OrdinalIgnoreCase)
            .Select(g => new AgentDirectoryEntry { AccountId = g.Key, DisplayName = g.Last().DisplayName.Trim(), Tier = FormatTier(ParseTier(g.Last().Tier)) })
            .ToList();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.AgentDirectory.ExecuteDeleteAsync(cancellationToken);
        db.AgentDirectory.AddRange(distinct);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Reads a directory CSV (<c>account_id,display_name,tier</c>; the predecessor's <c>user_id,display_name,port_role</c> also works).</summary>
    internal static IReadOnlyList<AgentDirectoryEntry> ReadCsv(Stream stream, string fileName)
    {
        using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = false });
        if (!csv.Read())
        {
            throw new InvalidDataException($"{fileName}: the agent directory file is empty.");
        }

        var (idColumn, nameColumn, tierColumn) = ReadHeader(csv.Record!, fileName);

        var entries = new List<AgentDirectoryEntry>();
        while (csv.Read())
        {
            var record = csv.Record!;
            var accountId = At(record, idColumn);
            if (string.IsNullOrWhiteSpace(accountId))
            {
                continue;
            }

            var tier = ParseTier(At(record, tierColumn));
            if (tier == AgentTier.None)
            {
                throw new InvalidDataException($"{fileName} line {csv.RawRow}: tier '{At(record, tierColumn)}' is not Tier 1, Tier 2 or Non agent.");
            }

            entries.Add(new AgentDirectoryEntry { AccountId = accountId.Trim(), DisplayName = At(record, nameColumn).Trim(), Tier = FormatTier(tier) });
        }

        return entries;
    }

    /// <summary>Column positions of account id, display name and tier (the predecessor's names accepted too).</summary>
    private static (int Id, int Name, int Tier) ReadHeader(string[] record, string fileName)
    {
        var header = record.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var idColumn = Array.FindIndex(header, h => h is "account_id" or "user_id" or "account id");
        var nameColumn = Array.FindIndex(header, h => h is "display_name" or "display name" or "name");
        var tierColumn = Array.FindIndex(header, h => h is "tier" or "port_role" or "role");
        if (idColumn < 0 || nameColumn < 0 || tierColumn < 0)
        {
            throw new InvalidDataException($"{fileName} line 1: the agent directory needs the columns account_id, display_name and tier.");
        }

        return (idColumn, nameColumn, tierColumn);
    }

    /// <summary>
    /// Reads a directory CSV that is to replace the stored one, refusing the whole file when any row has an empty
    /// account id, a repeated account id or an unknown tier; the message names every bad line and field.
    /// </summary>
    public static IReadOnlyList<AgentDto> ReadCsvForReplace(Stream stream, string fileName)
    {
        using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = false });
        List<string> errors = [];
        List<AgentDto> entries = [];
        var recordStartLine = 1;
        try
        {
            if (!csv.Read())
            {
                throw new InvalidDataException($"{fileName}: the agent directory file is empty.");
            }

            var (idColumn, nameColumn, tierColumn) = ReadHeader(csv.Record!, fileName);

            var firstLineById = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            recordStartLine = csv.RawRow + 1;
            while (csv.Read())
            {
                var record = csv.Record!;
                var line = recordStartLine;
                recordStartLine = csv.RawRow + 1;
                if (record.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                var accountId = At(record, idColumn).Trim();
                var tierText = At(record, tierColumn);
                var tier = ParseTier(tierText);
                if (accountId.Length == 0)
                {
                    errors.Add($"line {line}, account_id: empty");
                }
                else if (firstLineById.TryGetValue(accountId, out var firstLine))
                {
                    errors.Add($"line {line}, account_id: '{accountId}' is already on line {firstLine}");
                }
                else
                {
                    firstLineById[accountId] = line;
                }

                if (tier == AgentTier.None)
                {
                    errors.Add($"line {line}, tier: '{tierText}' is not Tier 1, Tier 2 or Non agent");
                }

                entries.Add(new AgentDto(accountId, At(record, nameColumn).Trim(), FormatTier(tier)));
            }
        }
        catch (BadDataException ex)
        {
            // The parser stops at the end of the file for an unclosed quote: the record's first line is where it opened.
            throw new InvalidDataException($"{fileName} line {recordStartLine}: broken quoting (a quoted field is not closed, or a quote appears inside an unquoted field). Nothing was changed.", ex);
        }

        if (errors.Count > 0)
        {
            const int shown = 10;
            var more = errors.Count > shown ? $" (and {errors.Count - shown} more)" : "";
            throw new InvalidDataException($"{fileName}: {string.Join("; ", errors.Take(shown))}{more}. Nothing was changed.");
        }

        return entries;
    }

    public static void WriteCsv(TextWriter writer, IEnumerable<AgentDto> entries)
    {
        using var csv = new CsvWriter(writer, SpreadsheetSafeCsv.WriterConfiguration(), leaveOpen: true);
        foreach (var column in CsvHeader)
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        foreach (var entry in entries)
        {
            csv.WriteField(entry.AccountId);
            csv.WriteField(entry.DisplayName);
            csv.WriteField(entry.Tier);
            csv.NextRecord();
        }
    }

    /// <summary>Accepts Tier 1 / TIER1 / T1 / agent, Tier 2 / TIER2 / T2, Non agent / NON_AGENT.</summary>
    public static AgentTier ParseTier(string? value)
    {
        var compact = new string((value ?? "").Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();
        return compact switch
        {
            "TIER1" or "T1" or "AGENT" or "1" => AgentTier.Tier1,
            "TIER2" or "T2" or "2" => AgentTier.Tier2,
            "NONAGENT" or "NA" => AgentTier.NonAgent,
            _ => AgentTier.None,
        };
    }

    public static string FormatTier(AgentTier tier) => tier switch
    {
        AgentTier.Tier1 => "Tier 1",
        AgentTier.Tier2 => "Tier 2",
        AgentTier.NonAgent => "Non agent",
        _ => "",
    };

    private static AgentDto ToDto(AgentDirectoryEntry entry) => new(entry.AccountId, entry.DisplayName, entry.Tier);

    private static string At(string[] record, int index) => index < record.Length ? SpreadsheetSafeCsv.Unescape(record[index]) : "";
}
