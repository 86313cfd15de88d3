namespace JiraQuality.Core.Storage;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
