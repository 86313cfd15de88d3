using System.Reflection;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Tests.Hosting;

/// <summary>
/// Pages, endpoints and verbs read DTOs, never the stored entities: no type of the web project (including the classes
/// the compiler makes for lambdas and async methods, so a <c>c =&gt; c.AccountId</c> over an entity counts) has a field,
/// property, parameter or return value of an entity type. Identity's user is the one exception: its managers are
/// ASP.NET Identity's own API.
/// </summary>
public sealed class EntityBoundaryTests
{
    private static readonly HashSet<Type> Allowed = [typeof(Core.Identity.ApplicationUser)];

    [Fact]
    public void No_web_type_handles_a_stored_entity()
    {
        var entities = typeof(JiraQualityDbContext).Assembly.GetTypes()
            .SelectMany(t => t.GetInterfaces())
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>))
            .Select(i => i.GetGenericArguments()[0])
            .Where(t => !Allowed.Contains(t))
            .ToHashSet();
        Assert.Contains(typeof(Core.Ingestion.Roles.KnownCustomer), entities);

        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var uses = new List<string>();
        foreach (var type in typeof(global::JiraQuality.Web.Hosting.CommandLineApp).Assembly.GetTypes())
        {
            var members = type.GetFields(all).Select(f => (f.Name, f.FieldType))
                .Concat(type.GetProperties(all).Select(p => (p.Name, p.PropertyType)))
                .Concat(type.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => (m.Name, p.ParameterType)).Append((m.Name, m.ReturnType))))
                .Concat(type.GetConstructors(all).SelectMany(c => c.GetParameters().Select(p => (c.Name, p.ParameterType))));
            uses.AddRange(members
                .Where(member => Mentions(member.Item2).Any(entities.Contains))
                .Select(member => $"{type.FullName}.{member.Item1}: {member.Item2}"));
        }

        Assert.True(uses.Count == 0, "Entities used by the web project (return a DTO instead):\n" + string.Join("\n", uses.Distinct()));
    }

    private static IEnumerable<Type> Mentions(Type type)
    {
        if (type.HasElementType)
        {
            return Mentions(type.GetElementType()!);
        }

        return type.IsGenericType ? type.GetGenericArguments().SelectMany(Mentions).Prepend(type) : [type];
    }
}
