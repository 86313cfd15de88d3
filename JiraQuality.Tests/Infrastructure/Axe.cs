using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace JiraQuality.Tests.Infrastructure;

/// <summary>
/// axe-core (embedded in Deque.AxeCore.Commons, no download) run on the page as it stands, against the WCAG 2.1 A/AA
/// rules plus axe's best practices. A finding is one rule on one element, named by the page it was found on.
/// </summary>
public static class Axe
{
    public sealed record Finding(string Page, string Impact, string RuleId, string Target, string Help, string Html)
    {
        public override string ToString() => $"{Page}: [{Impact}] {RuleId} at {Target}: {Help} ({Html})";
    }

    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

    /// <summary>Rules whose findings fail a page whatever their impact: a skipped heading level misleads screen-reader navigation.</summary>
    private static readonly HashSet<string> AlwaysFailing = new(StringComparer.Ordinal) { "heading-order" };

    /// <summary>Every violation on the page, one finding per element.</summary>
    public static async Task<IReadOnlyList<Finding>> FindingsAsync(IPage page, string pageName)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. Tags] } });
        return
        [
            .. result.Violations.SelectMany(v => v.Nodes.Select(n =>
                new Finding(pageName, v.Impact ?? "unknown", v.Id, n.Target?.ToString() ?? "?", Detail(v.Help, n), Shorten(n.Html)))),
        ];
    }

    /// <summary>Findings that fail a page: serious or critical ones, and the rules in <see cref="AlwaysFailing"/>.</summary>
    public static async Task<IReadOnlyList<Finding>> SeriousFindingsAsync(IPage page, string pageName) =>
        [.. (await FindingsAsync(page, pageName)).Where(IsSerious)];

    public static bool IsSerious(Finding finding) =>
        finding.Impact is "serious" or "critical" || AlwaysFailing.Contains(finding.RuleId);

    /// <summary>The rule's help, with what axe measured when it says (the contrast ratio and colours, for example).</summary>
    private static string Detail(string help, AxeResultNode node) =>
        node.Any?.FirstOrDefault(c => !string.IsNullOrEmpty(c.Message))?.Message is { } measured ? $"{help}; {measured}" : help;

    private static string Shorten(string? html) =>
        html is null ? "" : System.Text.RegularExpressions.Regex.Replace(html, "\\s+", " ") is var flat && flat.Length <= 160 ? flat : flat[..160] + "…";
}
