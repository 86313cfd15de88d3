namespace JiraQuality.Core.Storage;

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
