namespace Outcomes.Pipeline.Alerts;

/// <summary>An alert as it is sent: the alert, when the condition was first seen, and which server saw it.</summary>
public sealed record AlertNotice(Alert Alert, DateTimeOffset RaisedAt, string Server)
{
    public string Title => $"Outcomes: {AlertConditions.Title(Alert.Condition)} ({Alert.Subject})";

    public string Body => $"""
        {Alert.Summary}

        Condition: {Alert.Condition}
        Subject: {Alert.Subject}
        First seen: {RaisedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC on {Server}

        This is sent once. You hear nothing more about it until the condition clears and happens again;
        outcomes status and the jobs dashboard show where things stand (docs/jobs.md, "Alerts").
        """;
}
