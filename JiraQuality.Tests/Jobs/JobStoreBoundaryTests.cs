using System.Reflection;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;

namespace JiraQuality.Tests.Jobs;

/// <summary>The job store hands out records (snapshots, stored jobs, details), never an entity the context tracks or maps.</summary>
public sealed class JobStoreBoundaryTests
{
    [Fact]
    public async Task No_public_member_of_the_job_store_returns_or_takes_an_entity_type()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var context = db.Factory.CreateDbContext();
        var entityTypes = context.Model.GetEntityTypes().Select(e => e.ClrType).ToHashSet();
        Assert.Contains(typeof(JobRun), entityTypes);

        var leaks = typeof(JobStore)
            .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .SelectMany(method => method.GetParameters().Select(p => p.ParameterType).Append(method.ReturnType).Select(type => (method.Name, type)))
            .Where(pair => Flatten(pair.type).Any(entityTypes.Contains))
            .Select(pair => $"{pair.Name}: {pair.type}")
            .ToList();

        Assert.Empty(leaks);
    }

    private static IEnumerable<Type> Flatten(Type type) =>
        type.IsGenericType ? type.GetGenericArguments().SelectMany(Flatten).Prepend(type) : [type];
}
