namespace LybuntCrm.Web.Domain;

/// <summary>A fiscal year, named by the calendar year in which it starts.</summary>
public readonly record struct FiscalYear(int StartYear, int StartMonth)
{
    public DateOnly Start => new(StartYear, StartMonth, 1);
    public DateOnly End => Start.AddYears(1).AddDays(-1);
    public FiscalYear Previous => new(StartYear - 1, StartMonth);
    public FiscalYear Next => new(StartYear + 1, StartMonth);

    public static FiscalYear Containing(DateOnly day, int startMonth)
    {
        if (startMonth is < 1 or > 12) throw new ArgumentOutOfRangeException(nameof(startMonth));
        return new FiscalYear(day.Month >= startMonth ? day.Year : day.Year - 1, startMonth);
    }

    public bool Contains(DateOnly day) => day >= Start && day <= End;

    public override string ToString() => StartMonth == 1 ? $"{StartYear}" : $"{StartYear}/{(StartYear + 1) % 100:00}";
}
