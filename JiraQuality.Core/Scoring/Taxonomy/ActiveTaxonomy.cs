namespace JiraQuality.Core.Scoring.Taxonomy;

public sealed record ActiveTaxonomy(ContactReasonTaxonomy Taxonomy, TaxonomySourceKind Kind, string FilePath);
