using System.Text.RegularExpressions;

namespace JiraQuality.Core.Ingestion.Redaction;

/// <summary>
/// Credentials people type into tickets ("password: Winter2026!", "pwd=hunter2", "Passwort: …", "contraseña: …"):
/// the value after a password label and a colon or equals sign becomes <c>[secret]</c>; the label stays so
/// the sentence still reads. "password reset" or "forgot my password?" have no value and stay.
/// </summary>
public static partial class CredentialRedactor
{
    public const string SecretPlaceholder = "[secret]";

    public static string Redact(string text) =>
        string.IsNullOrEmpty(text) ? text : Credential().Replace(text, m => m.Groups["label"].Value + SecretPlaceholder);

    [GeneratedRegex(
        @"(?<label>(?<![\p{L}\p{N}])(?:passwords?|passwd|pwd|pass ?code|pin ?code|passwort|kennwort|contraseña|contrasena|clave de acceso|senha|mot de passe)(?![\p{L}\p{N}])\s*[:=]\s*)(?<value>[^\s\[\]]+)",
        RegexOptions.IgnoreCase)]
    private static partial Regex Credential();
}
