using System.Threading.Channels;
using Microsoft.Extensions.Logging;


namespace JiraQuality.Core.Jobs;

/// <summary>Lanes: one bounded channel and one loop per kind, started once the first recovery pass is done.</summary>
public sealed partial class JobRunner
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        await TryRecoverAsync(stoppingToken);
        lock (_gate)
        {
            _started = true;
            foreach (var (kind, lane) in _lanes)
            {
                _laneLoops.Add(RunLaneAsync(kind, lane));
            }
        }

        _recovered.TrySetResult();

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(_options.RecoveryInterval, _timeProvider, stoppingToken);
                await TryRecoverAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: let running jobs record that they were interrupted.
        }

        Task[] loops;
        lock (_gate)
        {
            loops = [.. _laneLoops];
        }

        await Task.WhenAll(loops);
    }

    private bool TryAddToLane(string kind, Guid id)
    {
        if (!_inLanes.TryAdd(id, 0))
        {
            return true;
        }

        if (LaneFor(kind).Writer.TryWrite(id))
        {
            return true;
        }

        _inLanes.TryRemove(id, out _);
        return false;
    }

    private Channel<Guid> LaneFor(string kind)
    {
        lock (_gate)
        {
            if (!_lanes.TryGetValue(kind, out var lane))
            {
                lane = Channel.CreateBounded<Guid>(new BoundedChannelOptions(Math.Max(1, _options.QueueCapacityPerKind))
                {
                    SingleReader = true,
                    FullMode = BoundedChannelFullMode.Wait,
                });
                _lanes[kind] = lane;
                if (_started)
                {
                    _laneLoops.Add(RunLaneAsync(kind, lane));
                }
            }

            return lane;
        }
    }

    private async Task RunLaneAsync(string kind, Channel<Guid> lane)
    {
        await Task.Yield();
        try
        {
            await foreach (var id in lane.Reader.ReadAllAsync(_stopping))
            {
                try
                {
                    _inLanes.TryRemove(id, out _);
                    await RunJobAsync(id);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
                {
                    _logger.LogError(ex, "The {Kind} runner failed on job {JobId}", kind, id);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Queued jobs stay queued in the store and are picked up at the next start.
        }
    }
}
