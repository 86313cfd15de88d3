using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Hosting;

/// <summary>
/// No service or component looks its dependencies up in the container: each says what it needs in its constructor or
/// with <c>@inject</c>, so a missing registration fails at start-up (or in the test that renders it), not on the
/// first click. A scope factory is allowed only where a scope per operation is the point: the job runner's dispatch
/// and the hosted services' passes.
/// </summary>
public sealed class ServiceLocatorTests
{
    private static readonly Assembly[] Assemblies = [typeof(Core.Jobs.JobRunner).Assembly, typeof(JiraQuality.Web.Hosting.CommandLineApp).Assembly];

    /// <summary>Types that create a scope per operation, each for a reason given in its own summary.</summary>
    private static readonly HashSet<string> ScopePerOperation =
    [
        "JiraQuality.Core.Jobs.JobRunner",
        "JiraQuality.Core.Jira.Webhooks.JiraWebhookRefetcher",
        "JiraQuality.Core.Jira.Schedule.RefreshScheduler",
        "JiraQuality.Web.Features.Identity.FirstRun.FirstRunSetup",
        "JiraQuality.Web.Features.Identity.Account.IdentityRevalidatingAuthenticationStateProvider",
    ];

    [Fact]
    public void No_constructor_or_injected_property_takes_the_service_provider()
    {
        var offenders = Dependencies().Where(d => d.Type == typeof(IServiceProvider)).Select(d => d.Where).ToList();

        Assert.True(offenders.Count == 0, "The container is injected into: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Only_types_that_need_a_scope_per_operation_take_the_scope_factory()
    {
        var offenders = Dependencies()
            .Where(d => d.Type == typeof(IServiceScopeFactory) && !ScopePerOperation.Contains(d.Owner.FullName!))
            .Select(d => d.Where)
            .ToList();

        Assert.True(offenders.Count == 0, "A scope factory is injected into: " + string.Join(", ", offenders));
    }

    [Fact]
    public void The_scan_sees_constructor_parameters_and_injected_properties()
    {
        // The rule above must be able to fail: the scan finds the dependencies of a known service and a known page.
        var found = Dependencies().ToList();

        Assert.Contains(found, d => d.Owner == typeof(Core.Jobs.JobRunner) && d.Type == typeof(IServiceScopeFactory));
        Assert.Contains(found, d => d.Owner == typeof(JiraQuality.Web.Features.Import.ImportJobList) && d.Type == typeof(Core.Jobs.IJobQueue));
    }

    private static IEnumerable<(Type Owner, Type Type, string Where)> Dependencies()
    {
        const BindingFlags all = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        foreach (var type in Assemblies.SelectMany(a => a.GetTypes()))
        {
            foreach (var constructor in type.GetConstructors(all))
            {
                foreach (var parameter in constructor.GetParameters())
                {
                    yield return (type, parameter.ParameterType, $"{type.FullName}({parameter.Name})");
                }
            }

            foreach (var property in type.GetProperties(all).Where(p => p.IsDefined(typeof(InjectAttribute), inherit: false)))
            {
                yield return (type, property.PropertyType, $"{type.FullName}.{property.Name}");
            }
        }
    }
}
