using System.ComponentModel.DataAnnotations;

namespace JiraQuality.Core.Settings;

/// <summary>
/// A shared secret setting: empty (the feature it guards stays closed) or long enough not to be guessed. The message
/// names the setting, never the value.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SharedSecretAttribute(string settingKey, int minimumLength = 16)
    : ValidationAttribute($"{settingKey} must be empty or at least {minimumLength} characters long.")
{
    public override bool IsValid(object? value) => value is not string secret || secret.Length == 0 || secret.Length >= minimumLength;
}
