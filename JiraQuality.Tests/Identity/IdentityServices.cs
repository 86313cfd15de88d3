using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JiraQuality.Tests.Identity;

/// <summary>The Core identity services (user manager, user administration, API tokens) over a fresh test database.</summary>
public sealed class IdentityServices : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly ServiceProvider _services;

    private IdentityServices(TestDatabase database, FakeTimeProvider time)
    {
        _database = database;
        Time = time;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IDbContextFactory<JiraQualityDbContext>>(database.Factory);
        services.AddJiraQualityIdentity();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public FakeTimeProvider Time { get; }

    public JiraQualityContextFactory Database => _database.Factory;

    /// <summary>A singleton service (such as <see cref="ApiTokenService"/>).</summary>
    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public static async Task<IdentityServices> CreateAsync(DatabaseProvider provider) =>
        new(await TestDatabase.CreateAsync(provider), new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero)));

    /// <summary>A fresh scope, as one request or one verb run has.</summary>
    public AsyncServiceScope Scope() => _services.CreateAsyncScope();

    public async Task<T> InScopeAsync<TService, T>(Func<TService, Task<T>> work)
        where TService : notnull
    {
        await using var scope = Scope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync()
    {
        await using var db = _database.Factory.CreateDbContext();
        return await db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }
}
