using JiraQuality.Core.Conversations;

namespace JiraQuality.Web.Features.Conversations;

/// <summary>A message to show (with the run it opens, when it is the first of an opened run), or a folded run.</summary>
public sealed record ThreadPart(ConversationMessage? Message, FoldedRun? Hidden, int? RunStart);
