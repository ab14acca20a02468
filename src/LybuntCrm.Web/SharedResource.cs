namespace LybuntCrm.Web;

/// <summary>Marker for the shared string resources (Resources/SharedResource.*.resx). English text is the key.</summary>
public sealed class SharedResource;
