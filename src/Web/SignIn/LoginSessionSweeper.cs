using Microsoft.Extensions.Hosting;

namespace Outcomes.Web.SignIn;

/// <summary>Ends idle and expired sessions every minute, so that their connections and passwords do not wait for a request.</summary>
internal sealed class LoginSessionSweeper(LoginSessions sessions, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await sessions.SweepAsync();
        }
    }
}
