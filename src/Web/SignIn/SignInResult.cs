namespace Outcomes.Web.SignIn;

/// <summary>What became of a sign-in: a session, or why not (in words the sign-in page shows).</summary>
internal sealed record SignInResult(LoginSession? Session, string? Refusal, DateTimeOffset? LockedUntil = null)
{
    /// <summary>One message for an unknown login and a wrong password: the page does not say which logins exist.</summary>
    public const string WrongLoginOrPassword = "The login or the password is wrong.";

    public static SignInResult Wrong() => new(null, WrongLoginOrPassword);

    public static SignInResult Locked(DateTimeOffset until) =>
        new(null, $"Too many wrong passwords: this login is locked until {until:HH:mm} UTC. Ask an administrator if you need it sooner.", until);
}
