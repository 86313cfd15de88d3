using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Review;

/// <summary>One saved version of the scorecard; never changed after it is saved.</summary>
public sealed class ScorecardVersion
{
    public int Version { get; set; }

    /// <summary>The categories as JSON (<see cref="ScorecardCategory"/>, in the order reviewers see them).</summary>
    public string CategoriesJson { get; set; } = "[]";

    public DateTime CreatedAtUtc { get; set; }
    public string CreatedBy { get; set; } = "";
}

/// <summary>
/// A person's review of one conversation against one scorecard version. The AI's scorer, model and prompt version at
/// review time are kept beside it, so agreement can be split by scorer version after the conversation is re-scored.
/// </summary>
public sealed class ConversationReview
{
    public Guid Id { get; set; }
    public string IssueKey { get; set; } = "";
    public string ReviewerId { get; set; } = "";
    public string ReviewerEmail { get; set; } = "";

    /// <summary>Empty for an ordinary review; the session's id for a calibration review (scored blind).</summary>
    public string Context { get; set; } = "";

    public int ScorecardVersion { get; set; }

    /// <summary>web or import.</summary>
    public string Source { get; set; } = ReviewSources.Web;

    /// <summary>0–100: the weighted share of the best score over the scored categories; 0 when a critical category failed.</summary>
    public double? Total { get; set; }

    public string AiScorerKind { get; set; } = "";
    public string? AiScorerVersion { get; set; }
    public string? AiModel { get; set; }
    public string? AiPromptVersion { get; set; }

    /// <summary>The conversation's primary agent and hub (the team) when reviewed, for the internal quality score.</summary>
    public string? Agent { get; set; }

    public string? Hub { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    public List<ReviewScore> Scores { get; set; } = [];

    /// <summary>The reviewer's comments, each about one message or the whole conversation.</summary>
    public List<ReviewComment> Comments { get; set; } = [];
}

/// <summary>A reviewer's comment in a review, anchored to one message of the thread (its index) or to the whole conversation (null).</summary>
public sealed class ReviewComment
{
    public long Id { get; set; }
    public Guid ReviewId { get; set; }
    public int? MessageIndex { get; set; }
    public string Text { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
}

public static class ReviewSources
{
    public const string Web = "web";
    public const string Import = "import";
}

/// <summary>One category's score in a review, beside the AI's score for it when the review was saved.</summary>
public sealed class ReviewScore
{
    public Guid ReviewId { get; set; }
    public string Category { get; set; } = "";

    /// <summary>1–5, or 1 pass / 0 fail; null is N/A.</summary>
    public double? Score { get; set; }

    /// <summary>The AI's score of this category on the conversation when the review was saved (null: none).</summary>
    public double? AiScore { get; set; }
}

/// <summary>A challenge to one AI or human score, with its state; every change is kept in <see cref="ScoreDisputeEvent"/>.</summary>
public sealed class ScoreDispute
{
    public Guid Id { get; set; }
    public string IssueKey { get; set; } = "";
    public string Category { get; set; } = "";

    /// <summary>The disputed review; null when the AI's score is disputed.</summary>
    public Guid? ReviewId { get; set; }

    public double? DisputedScore { get; set; }
    public string Reason { get; set; } = "";

    /// <summary>One of <see cref="DisputeStates"/>.</summary>
    public string State { get; set; } = DisputeStates.Open;

    public double? CorrectedScore { get; set; }
    public string OpenedBy { get; set; } = "";
    public DateTime OpenedAtUtc { get; set; }
    public string? ResolvedBy { get; set; }
    public DateTime? ResolvedAtUtc { get; set; }
    public string? ResolutionNote { get; set; }
}

public static class DisputeStates
{
    public const string Open = "open";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";

    public static readonly IReadOnlyList<string> All = [Open, Accepted, Rejected];
}

public sealed class ScoreDisputeEvent
{
    public long Id { get; set; }
    public Guid DisputeId { get; set; }
    public DateTime AtUtc { get; set; }
    public string Actor { get; set; } = "";
    public string State { get; set; } = "";
    public double? CorrectedScore { get; set; }
    public string? Note { get; set; }
}

/// <summary>A batch of conversations to review, sampled from a filter, for one reviewer.</summary>
public sealed class ReviewAssignment
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string ReviewerId { get; set; } = "";
    public string ReviewerEmail { get; set; } = "";

    /// <summary>One of <see cref="ReviewSampling"/>.</summary>
    public string Sampling { get; set; } = "";

    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? DueUtc { get; set; }
    public List<ReviewAssignmentItem> Items { get; set; } = [];
}

public sealed class ReviewAssignmentItem
{
    public Guid AssignmentId { get; set; }
    public string IssueKey { get; set; } = "";
    public int Position { get; set; }
}

/// <summary>Several reviewers score the same conversations blind; the session page then shows the spread.</summary>
public sealed class CalibrationSession
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Conversations, joined with ';'.</summary>
    public string IssueKeys { get; set; } = "";

    /// <summary>Reviewer e-mails, joined with ';'.</summary>
    public string Reviewers { get; set; } = "";

    public bool Closed { get; set; }
}

internal sealed class ScorecardVersionConfiguration : IEntityTypeConfiguration<ScorecardVersion>
{
    public void Configure(EntityTypeBuilder<ScorecardVersion> e)
    {
        e.ToTable("review_scorecards");
        e.HasKey(x => x.Version);
        e.Property(x => x.Version).ValueGeneratedNever();
        e.Property(x => x.CreatedBy).HasMaxLength(256);
    }
}

internal sealed class ConversationReviewConfiguration : IEntityTypeConfiguration<ConversationReview>
{
    public void Configure(EntityTypeBuilder<ConversationReview> e)
    {
        e.ToTable("reviews");
        e.HasKey(x => x.Id);
        e.Property(x => x.IssueKey).HasMaxLength(100);
        e.Property(x => x.ReviewerId).HasMaxLength(450);
        e.Property(x => x.ReviewerEmail).HasMaxLength(256);
        e.Property(x => x.Context).HasMaxLength(64);
        e.Property(x => x.Source).HasMaxLength(20);

        // One review per reviewer and conversation (per calibration session): saving again edits it, re-importing finds it.
        e.HasIndex(x => new { x.IssueKey, x.ReviewerId, x.Context }).IsUnique();
        e.HasIndex(x => x.CreatedAtUtc);
        e.HasIndex(x => x.ReviewerId);
        e.HasMany(x => x.Scores).WithOne().HasForeignKey(x => x.ReviewId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Comments).WithOne().HasForeignKey(x => x.ReviewId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReviewCommentConfiguration : IEntityTypeConfiguration<ReviewComment>
{
    public void Configure(EntityTypeBuilder<ReviewComment> e)
    {
        e.ToTable("review_comments");
        e.HasKey(x => x.Id);
        e.Property(x => x.Text).HasMaxLength(ReviewService.MaxCommentLength);
        e.HasIndex(x => x.ReviewId);
    }
}

internal sealed class ReviewScoreConfiguration : IEntityTypeConfiguration<ReviewScore>
{
    public void Configure(EntityTypeBuilder<ReviewScore> e)
    {
        e.ToTable("review_scores");
        e.HasKey(x => new { x.ReviewId, x.Category });
        e.Property(x => x.Category).HasMaxLength(64);
        e.HasIndex(x => x.Category);
    }
}

internal sealed class ScoreDisputeConfiguration : IEntityTypeConfiguration<ScoreDispute>
{
    public void Configure(EntityTypeBuilder<ScoreDispute> e)
    {
        e.ToTable("review_disputes");
        e.HasKey(x => x.Id);
        e.Property(x => x.IssueKey).HasMaxLength(100);
        e.Property(x => x.Category).HasMaxLength(64);
        e.Property(x => x.State).HasMaxLength(20);
        e.HasIndex(x => new { x.State, x.OpenedAtUtc });
        e.HasIndex(x => x.IssueKey);
    }
}

internal sealed class ScoreDisputeEventConfiguration : IEntityTypeConfiguration<ScoreDisputeEvent>
{
    public void Configure(EntityTypeBuilder<ScoreDisputeEvent> e)
    {
        e.ToTable("review_dispute_events");
        e.HasKey(x => x.Id);
        e.HasIndex(x => x.DisputeId);
        e.HasOne<ScoreDispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReviewAssignmentConfiguration : IEntityTypeConfiguration<ReviewAssignment>
{
    public void Configure(EntityTypeBuilder<ReviewAssignment> e)
    {
        e.ToTable("review_assignments");
        e.HasKey(x => x.Id);
        e.Property(x => x.ReviewerId).HasMaxLength(450);
        e.HasIndex(x => x.ReviewerId);
        e.HasMany(x => x.Items).WithOne().HasForeignKey(x => x.AssignmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReviewAssignmentItemConfiguration : IEntityTypeConfiguration<ReviewAssignmentItem>
{
    public void Configure(EntityTypeBuilder<ReviewAssignmentItem> e)
    {
        e.ToTable("review_assignment_items");
        e.HasKey(x => new { x.AssignmentId, x.IssueKey });
        e.Property(x => x.IssueKey).HasMaxLength(100);
    }
}

internal sealed class CalibrationSessionConfiguration : IEntityTypeConfiguration<CalibrationSession>
{
    public void Configure(EntityTypeBuilder<CalibrationSession> e)
    {
        e.ToTable("review_calibration_sessions");
        e.HasKey(x => x.Id);
        e.HasIndex(x => x.CreatedAtUtc);
    }
}

/// <summary>The review module's part of the data model.</summary>
public static class ReviewModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new ScorecardVersionConfiguration());
        modelBuilder.ApplyConfiguration(new ConversationReviewConfiguration());
        modelBuilder.ApplyConfiguration(new ReviewScoreConfiguration());
        modelBuilder.ApplyConfiguration(new ReviewCommentConfiguration());
        modelBuilder.ApplyConfiguration(new ScoreDisputeConfiguration());
        modelBuilder.ApplyConfiguration(new ScoreDisputeEventConfiguration());
        modelBuilder.ApplyConfiguration(new ReviewAssignmentConfiguration());
        modelBuilder.ApplyConfiguration(new ReviewAssignmentItemConfiguration());
        modelBuilder.ApplyConfiguration(new CalibrationSessionConfiguration());
    }
}
