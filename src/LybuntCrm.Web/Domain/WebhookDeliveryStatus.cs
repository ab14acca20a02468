namespace LybuntCrm.Web.Domain;

public enum WebhookDeliveryStatus
{
    Pending,
    Sending,
    Delivered,
    Failed,
}
