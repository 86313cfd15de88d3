namespace JiraQuality.Core.Jira.Schedule;

/// <summary>The schedule's state, for the Settings page.</summary>
public sealed class RefreshScheduleState
{
    private long _nextRunTicks;

    public bool Active { get; internal set; }
    public string? Reason { get; internal set; }

    public DateTime? NextRunUtc
    {
        get
        {
            var ticks = Interlocked.Read(ref _nextRunTicks);
            return ticks == 0 ? null : new DateTime(ticks, DateTimeKind.Utc);
        }
        internal set => Interlocked.Exchange(ref _nextRunTicks, value?.Ticks ?? 0);
    }
}
