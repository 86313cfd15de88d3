namespace JiraQuality.Web.Features.Import;

public static class ImportWebModule
{
    /// <summary>The import page's web side: its state shared by every circuit and the janitor of the upload spool.</summary>
    public static IServiceCollection AddImportWeb(this IServiceCollection services)
    {
        services.AddSingleton<ImportPageState>();
        services.AddHostedService<UploadSpoolJanitor>();
        return services;
    }
}
