using JiraQuality.Core.Identity;
using JiraQuality.Web.Features.Identity;

namespace JiraQuality.Web.Features.Settings;

/// <summary>Records a saved settings change in the audit log as the signed-in user of the page.</summary>
public sealed class SettingsAudit(AuditLog audit, PageUser user, ILogger<SettingsAudit> logger)
{
    public const string AgentDirectory = "agent-directory";
    public const string KnownCustomers = "known-customers";
    public const string Taxonomy = "taxonomy";

    /// <summary>
    /// Writes a <see cref="AuditActions.SettingsChanged"/> entry. The change is already saved, so a failed audit write is
    /// logged rather than shown as a failed save.
    /// </summary>
    public async Task RecordAsync(string section, string detail)
    {
        try
        {
            var actor = PersonalDataAccess.ActorOf(await user.GetAsync());
            await audit.RecordAsync(actor, AuditActions.SettingsChanged, section, detail);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "The change to {Section} was saved but could not be written to the audit log", section);
        }
    }
}
