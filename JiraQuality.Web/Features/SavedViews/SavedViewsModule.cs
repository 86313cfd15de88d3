using JiraQuality.Core.SavedViews;

namespace JiraQuality.Web.Features.SavedViews;

public static class SavedViewsModule
{
    public static IServiceCollection AddSavedViews(this IServiceCollection services) => services.AddSingleton<SavedViewStore>();
}
