using LybuntCrm.Web.Infrastructure.Csv;

namespace LybuntCrm.Web.Features.Import;

/// <summary>Data rows with the right number of values; rows with another number, or an unclosed quote, fail here.</summary>
internal sealed class ImportRowSource(CsvRowReader reader, int headerCount, ImportOutcome outcome)
{
    public int Row => reader.RowNumber;
    public IReadOnlyList<string> Fields => reader.Fields;

    public bool Next()
    {
        while (reader.Read())
        {
            outcome.Total++;
            if (reader.Error is not null)
            {
                Fail(reader.Error);
                continue;
            }
            if (reader.Fields.Count != headerCount && !(reader.Fields.Count > headerCount && reader.Fields.Skip(headerCount).All(string.IsNullOrWhiteSpace)))
            {
                Fail(reader.Fields.Count < headerCount
                    ? ImportMessages.Format(ImportMessages.FewerValues, reader.Fields.Count, headerCount)
                    : ImportMessages.Format(ImportMessages.MoreValues, reader.Fields.Count, headerCount));
                continue;
            }
            return true;
        }
        return false;
    }

    private void Fail(string message)
    {
        outcome.Failed++;
        outcome.Add(new ImportIssue(reader.RowNumber, ImportMessages.WholeRow, IssueKind.Failed, message));
    }
}
