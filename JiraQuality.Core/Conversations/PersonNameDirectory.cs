using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Conversations;

/// <summary>Reads <see cref="PersonNames"/> from the stored tickets, at most once a minute.</summary>
public sealed class PersonNameDirectory(IDbContextFactory<JiraQualityDbContext> contexts, TimeProvider time)
{
    private const int RecentThreads = 2000;
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (PersonNames Names, DateTimeOffset ReadAt)? _cached;

    public async Task<PersonNames> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_cached is { } fresh && time.GetUtcNow() - fresh.ReadAt < MaxAge)
        {
            return fresh.Names;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } again && time.GetUtcNow() - again.ReadAt < MaxAge)
            {
                return again.Names;
            }

            var names = await ReadAsync(cancellationToken);
            _cached = (names, time.GetUtcNow());
            return names;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the cached names (after an import, so its names show at once).</summary>
    public void Invalidate() => _cached = null;

    private async Task<PersonNames> ReadAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var reporters = await db.PreparedConversations.AsNoTracking()
            .Where(p => p.ReporterAccountId != null && p.ReporterAccountId != "" && p.Reporter != "" && p.Reporter != p.ReporterAccountId)
            .Select(p => new { Id = p.ReporterAccountId!, Name = p.Reporter })
            .Distinct()
            .ToListAsync(cancellationToken);
        var assignees = await db.PreparedConversations.AsNoTracking()
            .Where(p => p.AssigneeAccountId != null && p.AssigneeAccountId != "" && p.Assignee != null && p.Assignee != "" && p.Assignee != p.AssigneeAccountId)
            .Select(p => new { Id = p.AssigneeAccountId!, Name = p.Assignee! })
            .Distinct()
            .ToListAsync(cancellationToken);
        // Comment authors carry a display name where the source gave one (Jira REST does, CSV exports do not): read
        // from the newest threads only, a bounded read, since older authors are almost always among them too.
        var threads = await db.PreparedConversations.AsNoTracking()
            .OrderByDescending(p => p.PreparedAtUtc)
            .Take(RecentThreads)
            .Select(p => p.ThreadJson)
            .ToListAsync(cancellationToken);
        var authors = threads
            .SelectMany(json => Conversations.ConversationJson.DeserializeMessages(json))
            .Where(m => !string.IsNullOrWhiteSpace(m.AuthorId) && !string.IsNullOrWhiteSpace(m.AuthorName) && m.AuthorName != m.AuthorId)
            .Select(m => new { Id = m.AuthorId!, Name = m.AuthorName! });

        var byId = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var person in reporters.Concat(assignees).Concat(authors))
        {
            // A "name" that is an e-mail address or a phone number is personal data: pages show its placeholder.
            if (Identity.PersonalDataRedaction.Text(person.Name.Trim()) is { Length: > 0 } name)
            {
                byId.TryAdd(person.Id.Trim(), name);
            }
        }

        return new PersonNames(byId);
    }
}
