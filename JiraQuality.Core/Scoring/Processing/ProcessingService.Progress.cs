using JiraQuality.Core.Jobs;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>Progress and log lines of a run.</summary>
public sealed partial class ProcessingService
{
    /// <summary>Progress of a run made of rounds: each round reports from zero, the sink sees one count going up.</summary>
    private sealed class RoundsProgress(IJobProgress inner) : IJobProgress
    {
        private int _before;
        private int _last;

        public Guid? JobId => inner.JobId;

        public void Report(int completed, int total, string? currentItem = null)
        {
            var before = Volatile.Read(ref _before);
            if (completed == 0 && Volatile.Read(ref _last) > 0)
            {
                // A new round starts: what the previous one completed stays counted.
                before = Interlocked.Add(ref _before, Interlocked.Exchange(ref _last, 0));
            }

            Volatile.Write(ref _last, Math.Max(Volatile.Read(ref _last), completed));
            inner.Report(before + completed, before + total, currentItem);
        }

        public void ReportItems(int completedBefore, int total, IReadOnlyList<string> items)
        {
            var before = Volatile.Read(ref _before);
            Volatile.Write(ref _last, Math.Max(Volatile.Read(ref _last), completedBefore + items.Count));
            inner.ReportItems(before + completedBefore, before + total, items);
        }

        public void Log(string line) => inner.Log(line);

        public void AddCost(double usd) => inner.AddCost(usd);
    }

    private void Log(IJobProgress progress, string line, LogLevel level = LogLevel.Information)
    {
        logger.Log(level, "{Line}", line);
        progress.Log(line);
    }
}
