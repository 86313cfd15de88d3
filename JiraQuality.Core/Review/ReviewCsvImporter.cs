using System.Globalization;
using System.Net.Mail;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Ingestion.Csv;
using JiraQuality.Core.Reporting.Exports;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Review;

/// <summary>
/// Imports reviews from a spreadsheet: columns <c>issue_key,reviewer,category,score[,comment]</c>, one row per
/// category. Rows of one conversation and reviewer form one review. A bad row is reported with its line and its whole
/// review is skipped, so no review is stored in part; the good reviews are stored in one transaction. Reviewers
/// missing as users are added as viewers. Importing the same file again changes nothing.
/// </summary>
public sealed class ReviewCsvImporter(
    IDbContextFactory<JiraQualityDbContext> contexts,
    ScorecardStore scorecards,
    ReviewService reviews,
    UserManager<ApplicationUser> users,
    UserAdministration administration,
    IOptions<ReviewOptions> options)
{
    public static readonly IReadOnlyList<string> RequiredColumns = ["issue_key", "reviewer", "category", "score"];

    private sealed record Row(int Line, string IssueKey, string Reviewer, string Category, double? Score, string? Comment);

    public async Task<ReviewImportResult> ImportAsync(Stream csv, string fileName, string actor, CancellationToken cancellationToken = default)
    {
        var scorecard = await scorecards.GetCurrentAsync(cancellationToken);
        var problems = new List<string>();
        var (rows, badLines, total) = Read(csv, fileName, scorecard, options.Value.MaxImportRows, problems);
        if (total == 0 && problems.Count == 0)
        {
            problems.Add($"{fileName}: no review rows (expected the header {string.Join(",", RequiredColumns)}[,comment] and one row per category).");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var keys = rows.Select(r => r.IssueKey).Distinct().ToList();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(500))
        {
            known.UnionWith(await db.ProcessedConversations.Where(c => chunk.Contains(c.IssueKey)).Select(c => c.IssueKey).ToListAsync(cancellationToken));
        }

        foreach (var row in rows.Where(r => !known.Contains(r.IssueKey)))
        {
            problems.Add($"{fileName} line {row.Line}: issue_key '{row.IssueKey}' is not a processed conversation.");
            badLines.Add(row.Line);
        }

        var groups = rows.GroupBy(r => (r.IssueKey, Reviewer: r.Reviewer.ToLowerInvariant())).ToList();
        var good = new List<(IGrouping<(string IssueKey, string Reviewer), Row> Rows, ApplicationUser User)>();
        var reviewersCreated = 0;
        foreach (var group in groups)
        {
            var bad = group.Where(r => badLines.Contains(r.Line)).Select(r => r.Line).ToList();
            if (bad.Count > 0)
            {
                problems.Add($"{fileName}: the review of {group.Key.IssueKey} by {group.First().Reviewer} was skipped because of line(s) {string.Join(", ", bad)}.");
                continue;
            }

            var email = group.First().Reviewer;
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                var added = await administration.AddAsync(email, Roles.Viewer, password: null, actor, cancellationToken);
                user = added.Succeeded ? await users.FindByEmailAsync(email) : null;
                if (user is null)
                {
                    problems.Add($"{fileName} line {group.First().Line}: reviewer '{email}' could not be added: {string.Join("; ", added.Errors)}");
                    continue;
                }

                reviewersCreated++;
            }

            good.Add((group, user));
        }

        int created = 0, updated = 0, unchanged = 0;
        if (good.Count > 0)
        {
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var conversations = new Dictionary<string, ProcessedConversation>(StringComparer.Ordinal);
                foreach (var chunk in good.Select(g => g.Rows.Key.IssueKey).Distinct().Chunk(500))
                {
                    foreach (var conversation in await db.ProcessedConversations.AsNoTracking().Where(c => chunk.Contains(c.IssueKey)).ToListAsync(cancellationToken))
                    {
                        conversations[conversation.IssueKey] = conversation;
                    }
                }

                foreach (var (group, user) in good)
                {
                    var comments = group.Select(r => r.Comment).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c!.Trim()).Distinct().ToList();
                    var joined = comments.Count == 0 ? null : string.Join("\n", comments);

                    // The file has one comment column: an exported review's comments come back as they were, anchors and all.
                    var existing = await db.Set<ReviewComment>().AsNoTracking()
                        .Where(c => db.Set<ConversationReview>().Any(r => r.Id == c.ReviewId && r.IssueKey == group.Key.IssueKey && r.ReviewerId == user.Id && r.Context == ""))
                        .OrderBy(c => c.Id).Select(c => new ReviewCommentInput(c.MessageIndex, c.Text)).ToListAsync(cancellationToken);
                    IReadOnlyList<ReviewCommentInput> commentInputs = joined is null ? []
                        : existing.Count > 0 && ReviewCommentColumn.Join(existing) == joined ? existing
                        : [new ReviewCommentInput(null, joined)];
                    var submission = new ReviewSubmission(
                        group.Key.IssueKey,
                        user.Id,
                        user.Email ?? group.First().Reviewer,
                        scorecard.Version,
                        group.ToDictionary(r => r.Category, r => r.Score),
                        commentInputs,
                        Source: ReviewSources.Import,
                        EveryCategoryRequired: false);
                    var (outcome, _) = await reviews.StoreAsync(db, scorecard, conversations[group.Key.IssueKey], submission, cancellationToken);
                    created += outcome == ReviewSaveOutcome.Created ? 1 : 0;
                    updated += outcome == ReviewSaveOutcome.Updated ? 1 : 0;
                    unchanged += outcome == ReviewSaveOutcome.Unchanged ? 1 : 0;
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            });
        }

        return new ReviewImportResult(total, created, updated, unchanged, reviewersCreated, total - good.Sum(g => g.Rows.Count()), problems);
    }

    private static (List<Row> Rows, HashSet<int> BadLines, int Total) Read(Stream csv, string fileName, Scorecard scorecard, int maxRows, List<string> problems)
    {
        var rows = new List<Row>();
        var badLines = new HashSet<int>();
        var total = 0;
        using var buffered = new BufferedStream(csv);
        var head = new byte[4096];
        var read = buffered.Read(head, 0, head.Length);
        var delimiter = CsvDelimiterDetector.Detect(head.AsSpan(0, read));
        using var reader = new StreamReader(new ConcatenatedStream(head.AsMemory(0, read), buffered), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var parser = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            IgnoreBlankLines = true,
            BadDataFound = null,
            MissingFieldFound = null,
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
        });
        if (!parser.Read() || !parser.ReadHeader())
        {
            return (rows, badLines, 0);
        }

        var header = parser.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var missing = RequiredColumns.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"{fileName} line 1: missing column(s) {string.Join(", ", missing)}; the header must be {string.Join(",", RequiredColumns)}[,comment].");
            return (rows, badLines, 0);
        }

        var hasComment = header.Contains("comment");
        var seen = new Dictionary<(string, string, string), int>();
        while (parser.Read())
        {
            var line = parser.Parser.RawRow;
            string Cell(string name) => SpreadsheetSafeCsv.Unescape((parser.GetField(name) ?? "").Trim());
            var issueKey = Cell("issue_key");
            var reviewer = Cell("reviewer");
            var categoryText = Cell("category");
            var scoreText = Cell("score");
            var comment = hasComment ? Cell("comment") : null;
            if (issueKey.Length == 0 && reviewer.Length == 0 && categoryText.Length == 0 && scoreText.Length == 0)
            {
                continue;
            }

            total++;
            if (total > maxRows)
            {
                problems.Add($"{fileName} line {line}: more than {maxRows} rows (Review:MaxImportRows); the rest of the file was not read.");
                badLines.Add(line);
                break;
            }

            var rowProblems = new List<string>();
            if (issueKey.Length == 0)
            {
                rowProblems.Add("issue_key is empty");
            }

            if (!IsEmail(reviewer))
            {
                rowProblems.Add($"reviewer '{reviewer}' is not an e-mail address");
            }

            var category = scorecard.Categories.FirstOrDefault(c => string.Equals(c.Key, categoryText, StringComparison.OrdinalIgnoreCase))
                ?? scorecard.Categories.FirstOrDefault(c => string.Equals(c.Name, categoryText, StringComparison.OrdinalIgnoreCase));
            double? score = null;
            if (category is null)
            {
                rowProblems.Add($"category '{categoryText}' is not on the scorecard (version {scorecard.Version})");
            }
            else if (!TryParseScore(category, scoreText, out score))
            {
                rowProblems.Add(category.Scale == ScorecardScales.PassFail
                    ? $"score '{scoreText}' for {category.Key} must be pass or fail{(category.NotApplicableAllowed ? " or n/a" : "")}"
                    : $"score '{scoreText}' for {category.Key} must be a whole number from 1 to 5{(category.NotApplicableAllowed ? " or n/a" : "")}");
            }

            if (comment is { Length: > ReviewService.MaxCommentLength })
            {
                rowProblems.Add($"comment is longer than {ReviewService.MaxCommentLength} characters");
            }

            if (category is not null && rowProblems.Count == 0)
            {
                var identity = (issueKey, reviewer.ToLowerInvariant(), category.Key);
                if (seen.TryGetValue(identity, out var first))
                {
                    rowProblems.Add($"{issueKey} by {reviewer} is already scored on {category.Key} at line {first}");
                }
                else
                {
                    seen[identity] = line;
                }
            }

            if (rowProblems.Count > 0)
            {
                problems.Add($"{fileName} line {line}: {string.Join("; ", rowProblems)}.");
                badLines.Add(line);
                if (issueKey.Length == 0 || !IsEmail(reviewer))
                {
                    continue;
                }
            }

            rows.Add(new Row(line, issueKey, reviewer, category?.Key ?? categoryText, score, string.IsNullOrEmpty(comment) ? null : comment));
        }

        return (rows, badLines, total);
    }

    private static bool TryParseScore(ScorecardCategory category, string text, out double? score)
    {
        score = null;
        var lower = text.ToLowerInvariant();
        if (lower is "" or "n/a" or "na")
        {
            return category.NotApplicableAllowed;
        }

        if (category.Scale == ScorecardScales.PassFail)
        {
            score = lower switch { "pass" or "1" or "yes" => 1, "fail" or "0" or "no" => 0, _ => null };
            return score is not null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 5)
        {
            score = value;
            return true;
        }

        return false;
    }

    private static bool IsEmail(string text) =>
        text.Length is > 2 and <= 256 && MailAddress.TryCreate(text, out var address) && address.Address == text;

    /// <summary>The bytes read to detect the delimiter, then the rest of the stream.</summary>
    private sealed class ConcatenatedStream(ReadOnlyMemory<byte> head, Stream rest) : Stream
    {
        private ReadOnlyMemory<byte> _head = head;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_head.Length > 0)
            {
                var n = Math.Min(count, _head.Length);
                _head.Span[..n].CopyTo(buffer.AsSpan(offset, n));
                _head = _head[n..];
                return n;
            }

            return rest.Read(buffer, offset, count);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
