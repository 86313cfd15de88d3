using System.Text;
using JiraQuality.Core.Ingestion.Import;

namespace JiraQuality.Core.Ingestion.Csv;

/// <summary>
/// Reads an export as UTF-8, and every byte sequence that is not UTF-8 as Windows-1252 (what Excel and older Jira
/// Server instances write as "ANSI" on Western systems), counting them. A Latin-1 file thus keeps <c>José Conceição</c>
/// instead of replacement characters, and a UTF-8 file with one stray byte loses nothing else. Not thread-safe: one
/// per reader.
/// </summary>
internal sealed class Windows1252Fallback : DecoderFallback
{
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)
        ?? throw new InvalidOperationException("The Windows-1252 code page is not available.");

    private readonly HashSet<char> _produced = [];

    /// <summary>Bytes that were not UTF-8 and were decoded as Windows-1252.</summary>
    public int InvalidBytes { get; private set; }

    public override int MaxCharCount => 4;

    /// <summary>UTF-8 without a byte-order mark whose invalid bytes go to <paramref name="fallback"/>.</summary>
    public static Encoding Utf8With(Windows1252Fallback fallback)
    {
        var encoding = (Encoding)new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).Clone();
        encoding.DecoderFallback = fallback;
        return encoding;
    }

    public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

    /// <summary>Where the first fallback character shows in <paramref name="record"/> (the decoder reads ahead, so it may be a later row).</summary>
    public ImportIssue? FindIn(string[] record, string[] header, int line)
    {
        for (var i = 0; i < record.Length; i++)
        {
            var cell = record[i];
            var at = cell.AsSpan().IndexOfAny(_produced.ToArray());
            if (at >= 0)
            {
                var start = Math.Max(0, at - 20);
                return new ImportIssue(line, i < header.Length ? header[i] : $"#{i + 1}", cell.Substring(start, Math.Min(cell.Length - start, 50)), "");
            }
        }

        return null;
    }

    private sealed class Buffer(Windows1252Fallback owner) : DecoderFallbackBuffer
    {
        private char[] _chars = [];
        private int _position;

        public override int Remaining => _chars.Length - _position;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            _chars = Windows1252.GetChars(bytesUnknown);
            _position = 0;
            owner.InvalidBytes += bytesUnknown.Length;
            foreach (var c in _chars)
            {
                owner._produced.Add(c);
            }

            return _chars.Length > 0;
        }

        public override char GetNextChar() => _position < _chars.Length ? _chars[_position++] : '\0';

        public override bool MovePrevious()
        {
            if (_position == 0)
            {
                return false;
            }

            _position--;
            return true;
        }

        public override void Reset()
        {
            _chars = [];
            _position = 0;
        }
    }
}
