using JiraQuality.Core.Ingestion.Import;

namespace JiraQuality.Core.Ingestion.Csv;

/// <summary>Looks at the first bytes of an upload before it is parsed.</summary>
internal static class CsvFileSniffer
{
    /// <summary>Refuses binary files early: a CSV export is text, so NUL bytes or a ZIP/XLSX signature mean a wrong file.</summary>
    public static Stream Sniff(Stream stream, string fileName)
    {
        var buffer = new byte[8192];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var head = buffer.AsSpan(0, read);
        var bom = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        if (head[bom..].Trim("\r\n\t "u8).IsEmpty)
        {
            throw new CsvImportException(fileName, 0, "the file is empty.");
        }

        if (head.StartsWith("PK"u8))
        {
            throw new CsvImportException(fileName, 0, "this is not a CSV file (it looks like a ZIP or Excel workbook; export CSV from Jira instead).");
        }

        // UTF-16 text has NUL bytes by nature; with its byte-order mark the reader decodes it.
        var utf16 = head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);
        if (!utf16 && head.IndexOf((byte)0) >= 0)
        {
            throw new CsvImportException(fileName, 0, "this is not a CSV file (it contains binary data).");
        }

        return new PrefixedStream(buffer, read, stream);
    }
}
