namespace JiraQuality.Core.Ingestion.Import;

/// <summary>Names a delimiter for people: comma, semicolon, tab.</summary>
public static class DelimiterNames
{
    public static string Of(string delimiter) => delimiter switch
    {
        "," => "comma",
        ";" => "semicolon",
        "\t" => "tab",
        _ => $"'{delimiter}'",
    };
}
