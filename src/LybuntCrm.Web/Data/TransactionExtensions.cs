using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Data;

/// <summary>Work that must land whole: it joins the caller's transaction (a page handler's, a job's) or runs in its own.</summary>
public static class TransactionExtensions
{
    public static async Task<T> InTransactionAsync<T>(this CrmDbContext db, Func<Task<T>> work, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is not null) return await work();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await work();
        await tx.CommitAsync(ct);
        return result;
    }

    public static Task InTransactionAsync(this CrmDbContext db, Func<Task> work, CancellationToken ct = default) =>
        db.InTransactionAsync(async () => { await work(); return 0; }, ct);
}
