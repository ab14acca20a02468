namespace LybuntCrm.Web.Features.Import;

/// <summary>
/// A 64-bit hash of a purchase key (client and invoice number, else client, day and amount); collisions are negligible at
/// millions of rows and it keeps memory small.
/// </summary>
internal static class PurchaseKey
{
    public static long Of(int clientId, string reference)
    {
        var h = Mix(14695981039346656037UL ^ (uint)clientId);
        foreach (var ch in reference) h = (h ^ char.ToUpperInvariant(ch)) * 1099511628211UL;
        return (long)Mix(h ^ 0x9E3779B97F4A7C15UL);
    }

    public static long Of(int clientId, int dayNumber, decimal amount)
    {
        var cents = (ulong)(long)(amount * 100m);
        var h = Mix(((ulong)(uint)clientId << 32 | (uint)dayNumber) ^ 0xD6E8FEB86659FD93UL);
        return (long)Mix(h ^ cents);
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return x;
    }
}
