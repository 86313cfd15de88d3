using System.Globalization;
using CsvHelper.Configuration;

namespace JiraQuality.Core.Reporting.Exports;

/// <summary>
/// The one configuration every CSV we write uses. Ticket text is written by customers, and a cell that starts with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return is run as a formula by Excel, LibreOffice and Google
/// Sheets (<c>=HYPERLINK(…)</c>, DDE): CsvHelper prefixes such cells with an apostrophe, which spreadsheets show as text.
/// Our own readers of these files take the apostrophe off again with <see cref="Unescape"/>.
/// </summary>
public static class SpreadsheetSafeCsv
{
    public const char EscapeCharacter = '\'';

    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    public static CsvConfiguration WriterConfiguration() => new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
        InjectionCharacters = FormulaStarts,
        InjectionEscapeCharacter = EscapeCharacter,
    };

    /// <summary>The cell as it was before <see cref="WriterConfiguration"/> escaped it.</summary>
    public static string Unescape(string cell) =>
        cell.Length > 1 && cell[0] == EscapeCharacter && Array.IndexOf(FormulaStarts, cell[1]) >= 0 ? cell[1..] : cell;
}
