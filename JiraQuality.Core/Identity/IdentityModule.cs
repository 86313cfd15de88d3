using JiraQuality.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Core.Identity;

public static class IdentityModule
{
    /// <summary>
    /// Users, roles and their EF Core stores in our database, Identity's password hashing and lockout. No sign-in or
    /// cookies here: the web host adds those, and the command line uses the same user manager.
    /// </summary>
    public static IServiceCollection AddJiraQualityIdentity(this IServiceCollection services)
    {
        // Identity's stores take a scoped context; ours come from the provider-picking factory.
        services.AddScoped<JiraQualityDbContext>(sp => sp.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>().CreateDbContext());
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireDigit = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<JiraQualityDbContext>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditLogQuery>();
        services.AddScoped<UserAdministration>();
        services.AddSingleton<ApiTokenService>();
        services.AddScoped<SingleSignOnUsers>();
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<AuditRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditRetention>());
        services.AddSingleton<HubScopes>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<ConversationAccess>();
        return services;
    }
}
