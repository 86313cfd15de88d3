using System.Text;
using System.Text.RegularExpressions;

namespace JiraQuality.Core.Ingestion.Redaction;

/// <summary>
/// Replaces personal data with typed placeholders in text that leaves the system (LLM prompts, redacted
/// exports). Cards must pass the Luhn check and IBANs the ISO 13616 mod-97 check, so order numbers, QR codes
/// and dates are left alone.
/// </summary>
public static partial class PiiRedactor
{
    public const string EmailPlaceholder = "[email]";
    public const string PhonePlaceholder = "[phone]";
    public const string CardPlaceholder = "[card]";
    public const string IbanPlaceholder = "[iban]";

    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var result = Email().Replace(CredentialRedactor.Redact(text), EmailPlaceholder);
        result = Iban().Replace(result, m => IsValidIban(m.Value) ? IbanPlaceholder : m.Value);
        result = CardCandidate().Replace(result, m => IsLuhnValid(m.Value) ? CardPlaceholder : m.Value);
        result = PhoneCandidate().Replace(result, m => LooksLikePhone(m.Value) ? PhonePlaceholder : m.Value);
        return result;
    }

    public static bool IsLuhnValid(string candidate)
    {
        var sum = 0;
        var digits = 0;
        var doubleIt = false;
        for (var i = candidate.Length - 1; i >= 0; i--)
        {
            var c = candidate[i];
            if (c is ' ' or '-')
            {
                continue;
            }

            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            var d = c - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
            digits++;
        }

        return digits is >= 13 and <= 19 && sum % 10 == 0;
    }

    public static bool IsValidIban(string candidate)
    {
        var compact = new StringBuilder(candidate.Length);
        foreach (var c in candidate)
        {
            if (c != ' ')
            {
                compact.Append(char.ToUpperInvariant(c));
            }
        }

        if (compact.Length is < 15 or > 34)
        {
            return false;
        }

        var rearranged = compact.ToString(4, compact.Length - 4) + compact.ToString(0, 4);
        var remainder = 0;
        foreach (var c in rearranged)
        {
            int value;
            if (char.IsAsciiDigit(c))
            {
                value = c - '0';
                remainder = ((remainder * 10) + value) % 97;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                value = c - 'A' + 10;
                remainder = ((remainder * 100) + value) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }

    private static bool LooksLikePhone(string candidate)
    {
        var digits = 0;
        foreach (var c in candidate)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
        }

        if (digits is < 9 or > 15)
        {
            return false;
        }

        var international = candidate.StartsWith('+') || candidate.StartsWith("00", StringComparison.Ordinal);
        var trunk = candidate.StartsWith('0') || candidate.StartsWith('(');
        var hasSeparators = candidate.AsSpan().IndexOfAny(" -().") >= 0;

        // A run of digits without a phone-like start is more likely an id, an amount or an order number.
        return international || trunk || (hasSeparators && digits >= 10);
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(@"\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,4})?\b")]
    private static partial Regex Iban();

    [GeneratedRegex(@"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")]
    private static partial Regex CardCandidate();

    // Dates (2025-11-03, 13/08/2025) have slashes or too few digits, so they never reach 9 digits here.
    [GeneratedRegex(@"(?<![\w+/:.\-])(?:\+|\(\+?)?\d[\d \-().]{6,20}\d(?![\w/:\-])")]
    private static partial Regex PhoneCandidate();
}
