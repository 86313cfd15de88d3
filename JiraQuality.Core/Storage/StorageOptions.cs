namespace JiraQuality.Core.Storage;

/// <summary>Bound from the <c>Database</c> section; the connection string is <c>ConnectionStrings:JiraQuality</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Database";
    public const string ConnectionStringName = "JiraQuality";
    public const string DefaultSqliteFileName = "jiraquality.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Resolved connection string; for SQLite without one, a file in the data directory.</summary>
    public string ConnectionString { get; set; } = "";
}
