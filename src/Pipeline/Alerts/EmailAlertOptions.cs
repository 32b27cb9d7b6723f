namespace Outcomes.Pipeline.Alerts;

/// <summary>The SMTP server alerts are sent through and who receives them; no email is sent while <see cref="To"/> is empty.</summary>
public sealed class EmailAlertOptions
{
    /// <summary>Recipients' addresses.</summary>
    public List<string> To { get; set; } = [];

    public string From { get; set; } = "outcomes@localhost";

    public string SmtpHost { get; set; } = "localhost";

    public int SmtpPort { get; set; } = 25;

    /// <summary>
    /// <c>auto</c> (the default: TLS on port 465, STARTTLS when the server offers it), <c>starttls</c> (required),
    /// <c>tls</c> (from the first byte) or <c>none</c> (a relay on this machine).
    /// </summary>
    public string Security { get; set; } = "auto";

    /// <summary>The SMTP account, when the server asks for one.</summary>
    public string? UserName { get; set; }

    /// <summary>Its password: put it in the environment (<c>OUTCOMES_Jobs__Alerts__Email__Password</c>), not in the file.</summary>
    public string? Password { get; set; }
}
