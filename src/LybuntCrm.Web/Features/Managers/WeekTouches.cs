namespace LybuntCrm.Web.Features.Managers;

/// <summary>The touches logged in one week, by what came of them (<see cref="Domain.TouchResult"/>).</summary>
public sealed record WeekTouches(DateOnly Start, int Reached, int NoAnswer, int Other)
{
    public int Total => Reached + NoAnswer + Other;
}
