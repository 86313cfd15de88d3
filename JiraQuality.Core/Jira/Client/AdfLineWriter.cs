using System.Text;

namespace JiraQuality.Core.Jira.Client;

/// <summary>
/// Writes lines with the prefixes of the blocks they are in: a list item's marker on its first line and its
/// indentation on the following ones, a quote's <c>&gt; </c> on every line. Prefixes are written only when the line
/// gets text, so empty lines stay empty.
/// </summary>
internal sealed class AdfLineWriter
{
    private readonly StringBuilder _output = new();
    private readonly List<(string Continuation, string? First)> _levels = [];
    private bool _atLineStart = true;

    public void Push(string continuation, string? firstLine) => _levels.Add((continuation, firstLine));

    public void Pop() => _levels.RemoveAt(_levels.Count - 1);

    public void Write(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                NewLine();
            }

            if (lines[i].Length == 0)
            {
                continue;
            }

            if (_atLineStart)
            {
                WritePrefix();
            }

            _output.Append(lines[i]);
        }
    }

    public void NewLine()
    {
        _output.Append('\n');
        _atLineStart = true;
    }

    public void EndLine()
    {
        if (!_atLineStart)
        {
            NewLine();
        }
    }

    public override string ToString() => _output.ToString();

    private void WritePrefix()
    {
        for (var i = 0; i < _levels.Count; i++)
        {
            var (continuation, first) = _levels[i];
            if (first is not null)
            {
                _output.Append(first);
                _levels[i] = (continuation, null);
            }
            else
            {
                _output.Append(continuation);
            }
        }

        _atLineStart = false;
    }
}
