using System.Text;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Ingestion.Roles;
using JiraQuality.Core.Instances;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using JiraQuality.Core.Jira.Sync;
using JiraQuality.Core.Jira.Webhooks;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Reporting.Rollup;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;

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
    public DbSet<Scoring.Processing.ProcessingClaim> ProcessingClaims => Set<Scoring.Processing.ProcessingClaim>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        ConfigureIdentity(modelBuilder);
        // Each entity's table, keys and indexes are configured beside the entity.
        modelBuilder.ApplyConfiguration(new PreparedConversationConfiguration());
        modelBuilder.ApplyConfiguration(new ProcessedConversationConfiguration());
        modelBuilder.ApplyConfiguration(new MetricsHourlyRollupConfiguration());
        modelBuilder.ApplyConfiguration(new JobRunConfiguration());
        modelBuilder.ApplyConfiguration(new Scoring.Processing.ProcessingClaimConfiguration());
        modelBuilder.ApplyConfiguration(new SyncCheckpointConfiguration());
        modelBuilder.ApplyConfiguration(new WebhookDeliveryConfiguration());
        modelBuilder.ApplyConfiguration(new AgentDirectoryEntryConfiguration());
        modelBuilder.ApplyConfiguration(new KnownCustomerConfiguration());
        modelBuilder.ApplyConfiguration(new ScoringFailureConfiguration());
        modelBuilder.ApplyConfiguration(new LlmCallConfiguration());
        modelBuilder.ApplyConfiguration(new Alerts.AlertDeliveryConfiguration());
        modelBuilder.ApplyConfiguration(new Alerts.AlertCheckpointConfiguration());
        modelBuilder.ApplyConfiguration(new Alerts.StoredAlertChannelConfiguration());
        modelBuilder.ApplyConfiguration(new Alerts.StoredAlertRuleConfiguration());
        modelBuilder.ApplyConfiguration(new Alerts.AlertEvaluationIndexConfiguration());
        modelBuilder.ApplyConfiguration(new Review.ScorecardVersionConfiguration());
        modelBuilder.ApplyConfiguration(new Review.ConversationReviewConfiguration());
        modelBuilder.ApplyConfiguration(new Review.ReviewScoreConfiguration());
        modelBuilder.ApplyConfiguration(new Review.ReviewCommentConfiguration());
        modelBuilder.ApplyConfiguration(new Review.ScoreDisputeConfiguration());
        modelBuilder.ApplyConfiguration(new Review.ScoreDisputeEventConfiguration());
        modelBuilder.ApplyConfiguration(new Review.ReviewAssignmentConfiguration());
        modelBuilder.ApplyConfiguration(new Review.ReviewAssignmentItemConfiguration());
        modelBuilder.ApplyConfiguration(new Review.CalibrationSessionConfiguration());
        modelBuilder.Entity<DataProtectionKey>(e => e.ToTable("data_protection_keys"));
        modelBuilder.ApplyConfiguration(new StoredUploadConfiguration());
        modelBuilder.ApplyConfiguration(new StoredUploadChunkConfiguration());
        modelBuilder.ApplyConfiguration(new SharedSettingConfiguration());

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
        modelBuilder.ApplyConfiguration(new ApiTokenConfiguration());
        modelBuilder.ApplyConfiguration(new AuditEntryConfiguration());
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
