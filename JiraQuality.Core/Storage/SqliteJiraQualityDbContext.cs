using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Storage;

/// <summary>The SQLite context; its own type only so that SQLite keeps its own migrations.</summary>
public sealed class SqliteJiraQualityDbContext(DbContextOptions<SqliteJiraQualityDbContext> options)
    : JiraQualityDbContext(options);
