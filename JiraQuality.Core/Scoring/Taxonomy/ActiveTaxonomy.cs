using System.Text.Json;
using JiraQuality.Core.Instances;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Scoring.Taxonomy;

public sealed record ActiveTaxonomy(ContactReasonTaxonomy Taxonomy, TaxonomySourceKind Kind, string FilePath);
