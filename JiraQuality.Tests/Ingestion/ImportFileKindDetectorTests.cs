using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Tests.Scoring;

namespace JiraQuality.Tests.Ingestion;

public sealed class ImportFileKindDetectorTests
{
    [Fact]
    public void The_header_tells_a_jira_export_from_a_scored_csv()
    {
        Assert.Equal(ImportFileKind.JiraExport, ImportFileKindDetector.Detect(new StringReader(CsvText.File(CsvText.Header(), CsvText.Row("CC-1")))));
        Assert.Equal(ImportFileKind.ScoredCsv, ImportFileKindDetector.Detect(new StringReader(ScoredCsvTests.FirstLayout)));
        // A byte-order mark and upper-case names, as a spreadsheet re-save leaves them.
        Assert.Equal(ImportFileKind.ScoredCsv, ImportFileKindDetector.Detect(new StringReader("\uFEFFISSUE_KEY,LLM_SUMMARY_250,Conversation_Rating\nCC-1,x,4\n")));
    }

    [Fact]
    public void A_file_that_is_neither_goes_to_the_jira_import_which_names_the_missing_column()
    {
        Assert.Equal(ImportFileKind.JiraExport, ImportFileKindDetector.Detect(new StringReader("Name,Email\nAnn,a@example.org\n")));
        Assert.Equal(ImportFileKind.JiraExport, ImportFileKindDetector.Detect(new StringReader("")));
        // issue_key alone is also a column the Jira reader accepts.
        Assert.Equal(ImportFileKind.JiraExport, ImportFileKindDetector.Detect(new StringReader("issue_key,summary\nCC-1,x\n")));
    }
}
