namespace LybuntCrm.Web.Domain;

/// <summary>An admin-editable setting (fiscal year start, thresholds) stored as text.</summary>
public class AppSetting
{
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}
