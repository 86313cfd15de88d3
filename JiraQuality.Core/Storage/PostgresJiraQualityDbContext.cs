using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Storage;

/// <summary>The PostgreSQL context; its own type only so that PostgreSQL keeps its own migrations.</summary>
public sealed class PostgresJiraQualityDbContext(DbContextOptions<PostgresJiraQualityDbContext> options)
    : JiraQualityDbContext(options);
