using System.Text;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Instances;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Storage;

/// <summary>
/// The one data model. Each provider has its own subclass only so that each keeps its own migrations.
/// </summary>
public abstract class JiraQualityDbContext(DbContextOptions options) : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<PreparedConversation> PreparedConversations => Set<PreparedConversation>();
    public DbSet<ProcessedConversation> ProcessedConversations => Set<ProcessedConversation>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<SyncCheckpoint> SyncCheckpoints => Set<SyncCheckpoint>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<AgentDirectoryEntry> AgentDirectory => Set<AgentDirectoryEntry>();
    public DbSet<KnownCustomer> KnownCustomers => Set<KnownCustomer>();
    public DbSet<ScoringFailure> ScoringFailures => Set<ScoringFailure>();
    public DbSet<MetricsHourlyRollup> MetricsHourlyRollups => Set<MetricsHourlyRollup>();
    public DbSet<LlmCall> LlmCalls => Set<LlmCall>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>The Data Protection key ring every instance on this database shares (antiforgery tokens, circuits).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<StoredUpload> StoredUploads => Set<StoredUpload>();
    public DbSet<StoredUploadChunk> StoredUploadChunks => Set<StoredUploadChunk>();
    public DbSet<SharedSetting> SharedSettings => Set<SharedSetting>();
    public DbSet<Scoring.ProcessingClaim> ProcessingClaims => Set<Scoring.ProcessingClaim>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        ConfigureIdentity(modelBuilder);
        modelBuilder.Entity<PreparedConversation>(e =>
        {
            e.ToTable("jira_prepared_conversations");
            e.HasKey(x => x.IssueKey);
            e.HasIndex(x => new { x.Processed, x.PreparedAtUtc });
            e.HasIndex(x => x.CreatedUtc);
            e.HasIndex(x => x.UpdatedUtc);
        });

        modelBuilder.Entity<ProcessedConversation>(e =>
        {
            e.ToTable("jira_processed_conversations");
            e.HasKey(x => x.IssueKey);
            e.HasIndex(x => x.ConversationEndUtc);
            e.HasIndex(x => x.ConversationStartUtc);
            e.Property(x => x.ReferenceUtc)
                .HasComputedColumnSql("COALESCE(conversation_end_utc, conversation_start_utc)", stored: true);
            e.HasIndex(x => x.ReferenceUtc);
            e.HasIndex(x => new { x.PrimaryAgent, x.ReferenceUtc });
            e.HasIndex(x => new { x.Hub, x.ReferenceUtc });
            e.HasIndex(x => new { x.ContactReason, x.ReferenceUtc });
            e.HasIndex(x => x.ScorerVersion);

            // The abusive-customers panel reads only flagged rows; a partial index keeps it off the rest of the range.
            e.HasIndex(x => x.ReferenceUtc, "ix_jira_processed_conversations_abusive_reference_utc").HasFilter("customer_abuse_detected");
        });

        modelBuilder.Entity<MetricsHourlyRollup>(e =>
        {
            e.ToTable("metrics_hourly_rollups");
            e.HasKey(x => new { x.Dimension, x.HourUtc, x.Value });
            e.HasIndex(x => x.HourUtc);
        });

        modelBuilder.Entity<JobRun>(e =>
        {
            e.ToTable("job_runs");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.State, x.Kind });
            e.HasIndex(x => x.CreatedAtUtc);

            // One active job per kind and input, whichever instance was asked: a second request joins the first. Kinds whose
            // running jobs take no new requests (processing) give up the key when they start, so one can be queued behind them.
            e.HasIndex(x => new { x.Kind, x.InputKey }, "ix_job_runs_one_active_per_input").IsUnique().HasFilter("state IN ('queued', 'running')");
        });

        modelBuilder.Entity<Scoring.ProcessingClaim>(e =>
        {
            e.ToTable("processing_claims");
            e.HasKey(x => x.IssueKey);
            e.HasIndex(x => x.ClaimedBy);
        });

        modelBuilder.Entity<SyncCheckpoint>(e =>
        {
            e.ToTable("sync_checkpoints");
            e.HasKey(x => x.Name);
        });

        modelBuilder.Entity<WebhookDelivery>(e =>
        {
            e.ToTable("webhook_deliveries");
            e.HasKey(x => x.Identifier);
            e.HasIndex(x => new { x.State, x.NextAttemptAtUtc });
            e.HasIndex(x => new { x.IssueKey, x.State });
            e.HasIndex(x => x.ReceivedAtUtc);
            e.HasIndex(x => x.BodyIdentity).IsUnique();
        });

        modelBuilder.Entity<AgentDirectoryEntry>(e =>
        {
            e.ToTable("agent_directory");
            e.HasKey(x => x.AccountId);
        });

        modelBuilder.Entity<KnownCustomer>(e =>
        {
            e.ToTable("known_customers");
            e.HasKey(x => x.AccountId);
        });

        modelBuilder.Entity<ScoringFailure>(e =>
        {
            e.ToTable("scoring_failures");
            e.HasKey(x => x.IssueKey);
        });

        modelBuilder.Entity<LlmCall>(e =>
        {
            e.ToTable("llm_calls");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.AtUtc);
            e.HasIndex(x => x.JobId);
            e.HasIndex(x => x.IssueKey);
        });

        Alerts.AlertsModel.Configure(modelBuilder);
        Review.ReviewModel.Configure(modelBuilder);
        modelBuilder.Entity<DataProtectionKey>(e => e.ToTable("data_protection_keys"));

        modelBuilder.Entity<StoredUpload>(e =>
        {
            e.ToTable("stored_uploads");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.CreatedAtUtc);
        });

        modelBuilder.Entity<StoredUploadChunk>(e =>
        {
            e.ToTable("stored_upload_chunks");
            e.HasKey(x => new { x.UploadId, x.Sequence });
            e.HasOne<StoredUpload>().WithMany().HasForeignKey(x => x.UploadId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SharedSetting>(e =>
        {
            e.ToTable("shared_settings");
            e.HasKey(x => x.Name);
        });

        ApplySnakeCaseColumnNames(modelBuilder);
    }

    private static void ConfigureIdentity(ModelBuilder modelBuilder)
    {
        // Identity's tables follow our naming rather than AspNet*, so every table reads the same in psql and sqlite3.
        modelBuilder.Entity<ApplicationUser>().ToTable("identity_users");
        modelBuilder.Entity<IdentityRole>().ToTable("identity_roles");
        modelBuilder.Entity<IdentityUserRole<string>>().ToTable("identity_user_roles");
        modelBuilder.Entity<IdentityUserClaim<string>>().ToTable("identity_user_claims");
        modelBuilder.Entity<IdentityUserLogin<string>>().ToTable("identity_user_logins");
        modelBuilder.Entity<IdentityUserToken<string>>().ToTable("identity_user_tokens");
        modelBuilder.Entity<IdentityRoleClaim<string>>().ToTable("identity_role_claims");
        modelBuilder.Entity<ApiToken>(e =>
        {
            e.ToTable("api_tokens");
            e.HasKey(x => x.Id);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasIndex(x => x.Hash).IsUnique();
            e.HasIndex(x => x.UserId);
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_log");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.AtUtc);
            e.HasIndex(x => new { x.Action, x.AtUtc });
            e.Property(x => x.Actor).HasMaxLength(256);
            e.Property(x => x.Action).HasMaxLength(64);
            e.Property(x => x.Target).HasMaxLength(256);
            e.Property(x => x.RemoteAddress).HasMaxLength(64);
        });
    }

    // Column names match the predecessor's snake_case so its users recognise them.
    private static void ApplySnakeCaseColumnNames(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]) && i > 0 && char.IsUpper(name[i - 1]);
                if (previousIsLowerOrDigit || nextIsLower)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

public sealed class SqliteJiraQualityDbContext(DbContextOptions<SqliteJiraQualityDbContext> options)
    : JiraQualityDbContext(options);

public sealed class PostgresJiraQualityDbContext(DbContextOptions<PostgresJiraQualityDbContext> options)
    : JiraQualityDbContext(options);
