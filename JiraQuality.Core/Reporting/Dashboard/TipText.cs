using System.Text;

namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>The wording-independent form of an improvement tip, by which equal tips are grouped.</summary>
public static class TipText
{
    /// <summary>Lower case, letters and digits only, single spaces: "Share the checklist sooner!" = "share the checklist  sooner".</summary>
    public static string Normalise(string tip)
    {
        var builder = new StringBuilder(tip.Length);
        var pendingSpace = false;
        foreach (var c in tip.Trim())
        {
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(char.ToLowerInvariant(c));
                pendingSpace = false;
            }
            else if (char.IsWhiteSpace(c) || c is '-' or '/' or ',' or ';' or ':')
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }
}
