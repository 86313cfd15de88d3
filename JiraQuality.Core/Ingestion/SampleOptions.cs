using System.ComponentModel.DataAnnotations;

namespace JiraQuality.Core.Ingestion;

/// <summary>Bound from the <c>Sample</c> section: the sample export a new installation starts with.</summary>
public sealed class SampleOptions
{
    public const string SectionName = "Sample";

    /// <summary>Import the sample export when the embedded database is empty at start-up.</summary>
    public bool ImportOnFirstStart { get; set; } = true;

    /// <summary>File name in the data folder.</summary>
    [Required(ErrorMessage = "Sample:File is required: the sample export's file name in the data folder.")]
    public string File { get; set; } = "jira_export_sample.csv";

    /// <summary>
    /// The sample's own contact-reason taxonomy (a bike-share desk, unlike the shipped IT service desk one), in the
    /// data folder; the first-start scoring of the sample uses it, later scoring the configured taxonomy.
    /// </summary>
    public string TaxonomyFile { get; set; } = "sample-contact-reasons.json";
}
