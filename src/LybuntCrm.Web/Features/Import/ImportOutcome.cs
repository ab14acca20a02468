using System.Globalization;
using System.Text;
using LybuntCrm.Web.Infrastructure.Csv;

namespace LybuntCrm.Web.Features.Import;

/// <summary>What an import (or its dry run) did or would do.</summary>
public sealed class ImportOutcome
{
    public const int MaxIssuesKept = 100_000;

    public int Total { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Skipped { get; set; }
    public int Failed { get; set; }
    public int ClientsCreated { get; set; }
    /// <summary>A problem with the whole file (empty, header only, a required field not mapped); no row was read.</summary>
    public string? FileProblem { get; set; }
    public List<ImportIssue> Issues { get; } = [];
    /// <summary>Rows that look like existing clients, with the choice the run made or will make for each.</summary>
    public List<Domain.ImportLikelyMatch> LikelyMatches { get; } = [];
    public int IssueCount { get; set; }

    public void Add(ImportIssue issue)
    {
        IssueCount++;
        if (Issues.Count < MaxIssuesKept) Issues.Add(issue);
    }

    /// <summary>The issues as CSV (row, column, result, message); values that look like formulas are escaped.</summary>
    public string IssuesCsv()
    {
        var sb = new StringBuilder("Row,Column,Result,Message\n");
        // Failures first, then skipped rows, then notes; each in row order.
        foreach (var i in Issues.OrderBy(i => i.Kind).ThenBy(i => i.Row))
            sb.Append(CsvExport.Line(i.Row.ToString(CultureInfo.InvariantCulture), i.Column, i.Kind.ToString(), i.Message)).Append('\n');
        if (IssueCount > Issues.Count)
            sb.Append(CsvExport.Line("", "", "", ImportMessages.Format(ImportMessages.MoreIssues, IssueCount - Issues.Count))).Append('\n');
        return sb.ToString();
    }
}
