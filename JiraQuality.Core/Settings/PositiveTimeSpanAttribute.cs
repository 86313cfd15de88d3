using System.ComponentModel.DataAnnotations;

namespace JiraQuality.Core.Settings;

/// <summary>
/// A time-span setting that must be longer than zero. The message names the setting by its full key, as every
/// start-up settings error does, so the operator knows which line of appsettings.json or which variable to fix.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PositiveTimeSpanAttribute(string settingKey) : ValidationAttribute($"{settingKey} must be a positive time span (hh:mm:ss).")
{
    public override bool IsValid(object? value) => value is not TimeSpan span || span > TimeSpan.Zero;
}
