using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Conversations.Search;
using JiraQuality.Core.Ingestion.Csv;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Jobs;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Core.Ingestion.Import;

/// <summary>
/// Imports Jira CSV exports: streams each file in batches, normalises, and upserts each batch in its own
/// transaction. Reading and normalising the next batch overlaps with writing the previous one; at most
/// two batches are in memory, whatever the file size. Bad rows are reported and skipped; a file that
/// cannot be read stops with a clear error while batches already stored stay.
/// </summary>
public sealed class CsvImportService(
    TicketIngestor ingestor,
    PreparedConversationStore store,
    IngestionOptions options,
    TimeProvider timeProvider,
    ILogger<CsvImportService> logger)
{
    public async Task<ImportReport> ImportAsync(IReadOnlyList<ImportFile> files, CsvImportRequest request, IJobProgress progress, CancellationToken cancellationToken)
    {
        var report = new ImportReport();
        var rowsBefore = 0;
        var totalBytes = files.Sum(f => File.Exists(f.Path) ? new FileInfo(f.Path).Length : 0);
        long bytesBefore = 0;
        var estimate = new ImportTotalEstimate();
        foreach (var file in files)
        {
            var fileReport = new ImportFileReport(file.DisplayName, options.MaxReportEntries);
            report.Files.Add(fileReport);
            var started = timeProvider.GetTimestamp();
            try
            {
                var info = new FileInfo(file.Path);
                if (!info.Exists)
                {
                    throw new CsvImportException(file.DisplayName, 0, "the file does not exist.");
                }

                // Refused from its size alone, so nothing of an oversized file is read or stored.
                if (info.Length > options.MaxFileSizeBytes)
                {
                    throw JiraCsvReader.OverSizeLimit(file.DisplayName, info.Length, options.MaxFileSizeBytes);
                }

                await using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
                var fileBytes = stream.Length;
                await ImportStreamAsync(stream, fileReport, request, (rows, key, bytes) =>
                {
                    var done = rowsBefore + rows;
                    progress.Report(done, estimate.Next(done, bytesBefore + bytes, totalBytes), key);
                }, cancellationToken);
                bytesBefore += fileBytes;
            }
            catch (CsvImportException ex)
            {
                fileReport.Error = new ImportIssue(ex.Line, null, null, ex.Reason);
                progress.Log($"{file.DisplayName}: {ex.Message}");
            }
            catch (IOException ex)
            {
                fileReport.Error = new ImportIssue(0, null, null, $"the file cannot be read ({ex.Message}).");
                progress.Log($"{file.DisplayName}: {ex.Message}");
            }
            finally
            {
                fileReport.Duration = timeProvider.GetElapsedTime(started);
                rowsBefore += fileReport.RowsRead;
            }

            logger.LogInformation(
                "Imported {File}: {Rows} rows, {Created} created, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected, {Warnings} warnings{Error}",
                file.DisplayName, fileReport.RowsRead, fileReport.Created, fileReport.Updated, fileReport.Unchanged, fileReport.RejectedCount, fileReport.WarningCount,
                fileReport.Error is null ? "" : " — " + fileReport.Error);
        }

        progress.Report(rowsBefore, rowsBefore);
        return report;
    }

    /// <summary>Imports one stream (an upload or an open file) into <paramref name="report"/>.</summary>
    public async Task ImportStreamAsync(
        Stream stream,
        ImportFileReport report,
        CsvImportRequest request,
        Action<int, string?, long>? onProgress,
        CancellationToken cancellationToken)
    {
        if (stream.CanSeek && stream.Length - stream.Position > options.MaxFileSizeBytes)
        {
            throw JiraCsvReader.OverSizeLimit(report.FileName, stream.Length - stream.Position, options.MaxFileSizeBytes);
        }

        // A stream without a known length (an upload) is held to the limit as its bytes arrive.
        var counting = new ByteCountingStream(stream, options.MaxFileSizeBytes, report.FileName);
        var reader = new JiraCsvReader(options, JiraDateParser.FromOptions(options));
        var normalizer = await ingestor.CreateNormalizerAsync(cancellationToken);
        var batchSize = Math.Max(1, options.BatchSize);
        var batches = Channel.CreateBounded<(List<Conversation> Batch, List<PreparedConversation> StoredRows, int Rows, long Bytes)>(new BoundedChannelOptions(1)
        {
            SingleReader = true,
            SingleWriter = true,
        });

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // On PostgreSQL the new threads' text is indexed on a second connection while the next batches are read and stored.
        await using var indexFiller = await store.StartIndexFillerAsync(logger, cancellationToken);
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    var batch = new List<Conversation>(batchSize);
                    var rows = new List<PreparedConversation>(batchSize);
                    CsvImportException? stoppedAt = null;
                    try
                    {
                        foreach (var ticket in reader.Read(counting, report, request.TimeShift))
                        {
                            stop.Token.ThrowIfCancellationRequested();
                            var conversation = normalizer.Normalize(ticket);
                            report.Content.Add(ticket, conversation);
                            batch.Add(conversation);
                            rows.Add(PreparedConversationStore.ToRow(conversation));
                            if (batch.Count >= batchSize)
                            {
                                await batches.Writer.WriteAsync((batch, rows, report.RowsRead, counting.BytesRead), stop.Token);
                                batch = new List<Conversation>(batchSize);
                                rows = new List<PreparedConversation>(batchSize);
                            }
                        }
                    }
                    catch (CsvImportException ex)
                    {
                        // The rows read before a structural error are good: store them before the file is reported failed.
                        stoppedAt = ex;
                    }

                    if (batch.Count > 0)
                    {
                        await batches.Writer.WriteAsync((batch, rows, report.RowsRead, counting.BytesRead), stop.Token);
                    }

                    if (stoppedAt is not null)
                    {
                        ExceptionDispatchInfo.Throw(stoppedAt);
                    }
                }
                finally
                {
                    // A failure surfaces when the producer task is awaited, with its own exception type.
                    batches.Writer.TryComplete();
                }
            },
            stop.Token);

        try
        {
            await foreach (var (batch, storedRows, rows, bytes) in batches.Reader.ReadAllAsync(stop.Token))
            {
                IngestBatchResult result;
                try
                {
                    result = await store.UpsertRowsAsync(storedRows, indexFiller, stop.Token);
                }
                catch (Microsoft.EntityFrameworkCore.DbUpdateException ex)
                {
                    throw new CsvImportException(
                        report.FileName,
                        0,
                        $"the database refused the batch {batch[0].IssueKey} to {batch[^1].IssueKey} ({ex.GetBaseException().Message}); nothing of that batch was stored, the {report.Stored} tickets before it are.");
                }

                report.Created += result.Created;
                report.Updated += result.Updated;
                report.Unchanged += result.Unchanged;
                foreach (var warning in result.Warnings)
                {
                    report.Warn(new ImportIssue(0, "Issue key", null, warning));
                }

                if (request.OnBatchStored is not null)
                {
                    await request.OnBatchStored(batch, stop.Token);
                }

                onProgress?.Invoke(rows, batch[^1].IssueKey, bytes);
            }

            // Rows are counted on the reading side; wait for it so the counts are final.
            await producer;
            if (report.Content.UnknownRoleWarning() is { } unknownRoles)
            {
                report.Warn(unknownRoles);
            }
        }
        catch
        {
            await stop.CancelAsync();
            await SwallowAsync(producer);
            await CompleteIndexAsync(indexFiller, failing: true);
            throw;
        }

        await CompleteIndexAsync(indexFiller, failing: false);
    }

    /// <summary>
    /// Every thread the import stored is searchable before it ends, also when it failed or was cancelled midway (the
    /// batches it stored stay, so they are indexed too). When the import is failing already, its own error is the one
    /// reported; the index is then completed by the next import.
    /// </summary>
    private async Task CompleteIndexAsync(ThreadTextIndexFiller? indexFiller, bool failing)
    {
        if (indexFiller is null)
        {
            return;
        }

        try
        {
            await indexFiller.CompleteAsync(CancellationToken.None);
        }
        catch (Exception ex) when (failing && ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not complete the full-text index after the import stopped; the next import completes it");
        }
    }

    private static async Task SwallowAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is OperationCanceledException or CsvImportException)
        {
            Debug.WriteLine(ex.Message);
        }
    }
}
