using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace JiraQuality.Core.Storage;

// Used only by `dotnet ef migrations add`; the running app builds contexts through JiraQualityContextFactory.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteJiraQualityDbContext>
{
    public SqliteJiraQualityDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteJiraQualityDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresJiraQualityDbContext>
{
    public PostgresJiraQualityDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresJiraQualityDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
