namespace JiraQuality.Core.Alerts;

/// <summary>
/// The outcome of a save or delete: <see cref="Errors"/> by field (the input's property name) when nothing was saved,
/// else <see cref="Message"/> for the person and <see cref="AuditDetail"/> for the audit log (no secrets in either).
/// </summary>
public sealed record AlertEditResult(IReadOnlyDictionary<string, string> Errors, string? Message = null, string? AuditDetail = null)
{
    public bool Succeeded => Errors.Count == 0;

    public static AlertEditResult Failed(string field, string message) => new(new Dictionary<string, string> { [field] = message });

    public static AlertEditResult Done(string message, string auditDetail) => new(new Dictionary<string, string>(), message, auditDetail);
}
