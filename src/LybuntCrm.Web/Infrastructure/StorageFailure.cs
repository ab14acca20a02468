using Microsoft.Data.Sqlite;
using Npgsql;

namespace LybuntCrm.Web.Infrastructure;

/// <summary>Recognises failures of the storage itself (disk full, read-only files, I/O errors), which users cannot fix by retrying a form.</summary>
public static class StorageFailure
{
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;

    public static bool Is(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: SqliteReadOnly or SqliteIoError or SqliteFull or SqliteCantOpen }:
                case PostgresException { SqlState: "53100" or "25006" }: // disk full, read-only transaction
                case IOException { HResult: 28 or -2147024784 }: // ENOSPC / disk full
                    return true;
            }
        }
        return false;
    }
}
