namespace LybuntCrm.Web.Domain;

public class ImportRun
{
    public int Id { get; set; }
    public string FileName { get; set; } = "";
    /// <summary>Where the uploaded file is kept while the run works on it.</summary>
    public string? StoredPath { get; set; }
    public ImportKind Kind { get; set; }
    public string UserId { get; set; } = "";
    public DateTime StartedAtUtc { get; set; }
    public DateTime? FinishedAtUtc { get; set; }
    public ImportStatus Status { get; set; }
    /// <summary>Last sign of life of the process running the import (set at start and with every committed chunk).</summary>
    public DateTime? HeartbeatAtUtc { get; set; }
    /// <summary>Encoding, delimiter, column mapping and other choices, as JSON.</summary>
    public string OptionsJson { get; set; } = "{}";
    public int TotalRows { get; set; }
    public int ProcessedRows { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Skipped { get; set; }
    public int Failed { get; set; }
    /// <summary>Row errors as CSV (row, column, message).</summary>
    public string? ErrorReport { get; set; }
    public string? Message { get; set; }

    /// <summary>
    /// Starts (or restarts) the run: counts from zero (the dry run's counts would otherwise show as done while the bar is
    /// empty) and a fresh heartbeat, so nothing takes it for a stopped run. The total rows stay: the bar measures against them.
    /// </summary>
    public void MarkRunning(DateTime nowUtc)
    {
        Status = ImportStatus.Running;
        ProcessedRows = 0;
        Created = 0;
        Updated = 0;
        Skipped = 0;
        Failed = 0;
        StartedAtUtc = nowUtc;
        HeartbeatAtUtc = nowUtc;
        FinishedAtUtc = null;
        Message = null;
    }
}
