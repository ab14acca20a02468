namespace LybuntCrm.Web.Infrastructure.Security;

public static class Policies
{
    public const string Admin = "Admin";
    public const string Login = "login";
    public const string PasswordReset = "password-reset";
}
