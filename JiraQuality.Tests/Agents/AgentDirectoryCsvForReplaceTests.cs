using System.Text;
using JiraQuality.Core.Agents.Directory;

namespace JiraQuality.Tests.Agents;

public sealed class AgentDirectoryCsvForReplaceTests
{
    private static IReadOnlyList<AgentDto> Read(string csv) =>
        AgentDirectoryService.ReadCsvForReplace(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "agents.csv");

    [Fact]
    public void The_predecessors_columns_and_blank_lines_are_accepted()
    {
        var entries = Read("user_id,display_name,port_role\n712020:a,Ana,TIER1\n\n712020:b,Bruno,NON_AGENT\n");
        Assert.Equal([("712020:a", "Tier 1"), ("712020:b", "Non agent")], entries.Select(e => (e.AccountId, e.Tier)));
    }

    [Theory]
    [InlineData("", "agents.csv: the agent directory file is empty")]
    [InlineData("id,name\n1,Ana\n", "agents.csv line 1: the agent directory needs the columns account_id, display_name and tier")]
    [InlineData("account_id,display_name,tier\n712020:a,\"Ana,Tier 1\n712020:b,Bruno,Tier 2\n", "agents.csv line 2: broken quoting")]
    public void A_file_that_cannot_be_read_names_the_file_and_line(string csv, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => Read(csv));
        Assert.Contains(expected, error.Message);
    }
}
