namespace JiraQuality.Core.Scoring.Taxonomy;

/// <summary>Where the taxonomy in use was read from.</summary>
public enum TaxonomySourceKind
{
    /// <summary>The default file shipped in the data folder.</summary>
    Default,

    /// <summary>A file named by <c>Scoring:TaxonomyFile</c>.</summary>
    Configured,

    /// <summary>A file uploaded on the Settings page, kept in the database (shared by every instance).</summary>
    Uploaded,
}
