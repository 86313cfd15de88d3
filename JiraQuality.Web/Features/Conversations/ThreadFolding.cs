using JiraQuality.Core.Conversations;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Scoring.Measures;

namespace JiraQuality.Web.Features.Conversations;

/// <summary>
/// Which messages of a long thread stay on screen: the first and last messages, every message with evidence and the
/// one a link points at; each run of other messages between them folds into one "Show N more messages" button (a run
/// the reader opened stays open, with a button to fold it again).
/// </summary>
public static class ThreadFolding
{
    /// <summary>Threads longer than this show their first and last messages and the evidence; the rest folds away.</summary>
    public const int CollapseAbove = 12;

    private const int KeptAtEachEnd = 3;

    /// <summary>Which scores cite a message ("agent score", "agent and customer scores"); empty when none.</summary>
    public static string CitedBy(IReadOnlyList<ScoreExplanation>? scores, int index)
    {
        var names = scores?.Where(s => s.Evidence.Contains(index)).Select(s => s.Name).ToList() ?? [];
        return names.Count switch
        {
            0 => "",
            1 => $"{names[0]} score",
            _ => $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]} scores",
        };
    }

    /// <summary>The thread as shown: messages (each marked when it opens a run the reader unfolded) and folded runs.</summary>
    public static IEnumerable<ThreadPart> Parts(
        Conversation thread, ThreadEvidence evidence, IReadOnlyList<ScoreExplanation>? scores, int? highlighted, IReadOnlySet<int> expandedRuns)
    {
        var messages = thread.Messages;
        if (messages.Count <= CollapseAbove)
        {
            foreach (var message in messages)
            {
                yield return new ThreadPart(message, null, null);
            }

            yield break;
        }

        bool Kept(int position, ConversationMessage m) =>
            position < KeptAtEachEnd || position >= messages.Count - KeptAtEachEnd || m.Index == highlighted
            || evidence.AbusiveMessages.Contains(m.Index) || evidence.ProfaneMessages.Contains(m.Index)
            || evidence.FirstResponseMessage == m.Index || CitedBy(scores, m.Index).Length > 0;

        var i = 0;
        while (i < messages.Count)
        {
            if (Kept(i, messages[i]))
            {
                yield return new ThreadPart(messages[i], null, null);
                i++;
                continue;
            }

            var start = i;
            while (i < messages.Count && !Kept(i, messages[i]))
            {
                i++;
            }

            var run = new FoldedRun(messages[start].Index, messages[i - 1].Index, i - start, messages.Skip(start).Take(i - start).LastOrDefault(m => m.TimestampUtc is not null)?.TimestampUtc);
            if (expandedRuns.Contains(run.First))
            {
                for (var j = start; j < i; j++)
                {
                    yield return new ThreadPart(messages[j], null, j == start ? run.First : null);
                }
            }
            else
            {
                yield return new ThreadPart(null, run, null);
            }
        }
    }
}
