namespace Outcomes.Pipeline.Alerts;

/// <summary>One way an alert leaves the server: an email or a webhook (a seam to an outside system).</summary>
public interface IAlertChannel
{
    /// <summary>What the logs call it (the kind and where to, never a password).</summary>
    string Name { get; }

    Task SendAsync(AlertNotice notice, CancellationToken cancellationToken);
}
