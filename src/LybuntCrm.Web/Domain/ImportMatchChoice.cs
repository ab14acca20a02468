namespace LybuntCrm.Web.Domain;

/// <summary>What an import does with a row that looks like an existing client.</summary>
public enum ImportMatchChoice
{
    /// <summary>Nothing is written for the row; the run's notes say so.</summary>
    Skip,
    /// <summary>The row's values update the chosen existing client.</summary>
    Update,
    /// <summary>A new client, as if nothing looked like it.</summary>
    Create,
}
