namespace LybuntCrm.Web.Domain;

/// <summary>The order in which follow-ups claim a manager's day: occasions (they have a date), win-backs, reviews, check-ins.</summary>
public enum PlanPriority { Occasion = 0, WinBack = 1, Review = 2, CheckIn = 3 }
