using JiraQuality.Core.Ingestion.Redaction;


namespace JiraQuality.Tests.Ingestion;

public sealed class PiiRedactorTests
{
    [Theory]
    [InlineData("write to joao.silva@example.org please", "write to [email] please")]
    [InlineData("A.B+tag@mail.co.uk;x", "[email];x")]
    [InlineData("call +351 912 345 678 now", "call [phone] now")]
    [InlineData("call 0044 20 7946 0958", "call [phone]")]
    [InlineData("call (212) 555-0147 tonight", "call [phone] tonight")]
    [InlineData("mobile 912-345-678-9", "mobile [phone]")]
    [InlineData("card 4539 1488 0343 6467 charged", "card [card] charged")]
    [InlineData("card 4539-1488-0343-6467", "card [card]")]
    [InlineData("amex 378282246310005.", "amex [card].")]
    [InlineData("IBAN PT50 0002 0123 1234 5678 9015 4 thanks", "IBAN [iban] thanks")]
    [InlineData("iban GB82WEST12345698765432", "iban [iban]")]
    [InlineData("DE89 3704 0044 0532 0130 00", "[iban]")]
    public void Replaces_personal_data_with_typed_placeholders(string text, string expected)
    {
        Assert.Equal(expected, PiiRedactor.Redact(text));
    }

    [Theory]
    [InlineData("card 4539 1488 0343 6468 fails Luhn")]
    [InlineData("order 1234567890123 is not a card")]
    [InlineData("IBAN PT50 0002 0123 1234 5678 9015 5 has a bad checksum")]
    [InlineData("Rental R-998877, bike QR-1234, dock 12")]
    [InlineData("ticket CC-41090 created 2025-11-03 09:00")]
    [InlineData("on 13/08/2025 21:13 I paid €12.50")]
    [InlineData("refund reference RF-67070 of 2.40")]
    [InlineData("the number is 4471; the dock is number 12")]
    [InlineData("account 712020:938aebe2-1111-2222-3333-444444444444")]
    [InlineData("user@localhost is not an address")]
    public void Leaves_ids_dates_amounts_and_invalid_numbers_alone(string text)
    {
        Assert.Equal(text, PiiRedactor.Redact(text));
    }

    [Theory]
    [InlineData("4539148803436467", true)]
    [InlineData("4539148803436468", false)]
    [InlineData("0000000000000", true)]
    [InlineData("12345", false)]
    public void Luhn_check(string number, bool valid)
    {
        Assert.Equal(valid, PiiRedactor.IsLuhnValid(number));
    }
}
