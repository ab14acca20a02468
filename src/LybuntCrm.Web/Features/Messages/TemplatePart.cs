namespace LybuntCrm.Web.Features.Messages;

public enum TemplatePart { Subject, Body }
