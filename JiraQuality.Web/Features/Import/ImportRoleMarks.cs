using JiraQuality.Core.Conversations;

namespace JiraQuality.Web.Features.Import;

/// <summary>
/// The authors marked as agent or customer from the import report, kept for the page's lifetime (a later upload's
/// report still shows who was marked), with the mark being stored and the last failure.
/// </summary>
public sealed class ImportRoleMarks
{
    public Dictionary<string, MessageRole> Marked { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A mark is being stored: every mark button waits.</summary>
    public bool Marking { get; set; }

    public string? MarkError { get; set; }
}
