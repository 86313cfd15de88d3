using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Core.SavedViews;

public static class SavedViewsModule
{
    /// <summary>The saved views module: each user's named filter sets.</summary>
    public static IServiceCollection AddSavedViews(this IServiceCollection services) => services.AddSingleton<SavedViewStore>();
}
