namespace JiraQuality.Core.Storage;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

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

/// <summary>PostgreSQL has no default database: its connection string must be set.</summary>
public sealed class StorageOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<StorageOptions>
{
    public const string MissingPostgresConnectionString =
        "Database:Provider is Postgres but ConnectionStrings:JiraQuality (environment: ConnectionStrings__JiraQuality) is empty.";

    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, StorageOptions options) =>
        options.Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString)
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(MissingPostgresConnectionString)
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}
