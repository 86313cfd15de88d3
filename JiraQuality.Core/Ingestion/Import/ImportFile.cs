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

/// <summary>One file to import: where it is and the name to report it under.</summary>
public sealed record ImportFile(string Path, string DisplayName)
{
    public static ImportFile FromPath(string path) => new(path, System.IO.Path.GetFileName(path));
}
