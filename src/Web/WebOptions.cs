namespace Outcomes.Web;

/// <summary>
/// Settings of the web pages of <c>outcomes serve</c> (the "Jobs:Web" section): served on the dashboard's URLs, signed in
/// with the logins of <c>outcomes access</c>. Defaults follow OWASP's session and authentication guidance.
/// </summary>
public sealed class WebOptions
{
    /// <summary>Whether the pages are served (they are only when the dashboard is).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A session unused for this long ends: its cookie is refused and its database connections closed.</summary>
    public int IdleMinutes { get; set; } = 20;

    /// <summary>A session ends this long after sign-in, however busy.</summary>
    public int SessionHours { get; set; } = 10;

    /// <summary>Wrong passwords for one login within <see cref="LockoutMinutes"/> that lock it.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a login stays locked, and the window its failures are counted in.</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>
    /// The flag usefulness page's review target: the share of flags first reviewed within this many days of being raised
    /// (3 by default, so that a flag raised on a Friday and reviewed on Monday counts as prompt).
    /// </summary>
    public int ReviewWithinDays { get; set; } = 3;

    /// <summary>
    /// Flags on one page of the worklist (50 by default): a year of flags in every status is hundreds, read and sent at
    /// once they made the page slow to serve and to scroll; the page links to the flags before and after it.
    /// </summary>
    public int WorklistPageSize { get; set; } = 50;

    /// <summary>Problems with the settings, in words an administrator can act on; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (IdleMinutes is < 1 or > 240)
        {
            problems.Add("Jobs:Web:IdleMinutes: expected 1 to 240 minutes.");
        }

        if (SessionHours is < 1 or > 24)
        {
            problems.Add("Jobs:Web:SessionHours: expected 1 to 24 hours.");
        }

        if (MaxFailedSignIns is < 1 or > 100)
        {
            problems.Add("Jobs:Web:MaxFailedSignIns: expected 1 to 100.");
        }

        if (LockoutMinutes is < 1 or > 1440)
        {
            problems.Add("Jobs:Web:LockoutMinutes: expected 1 to 1440 minutes.");
        }

        if (ReviewWithinDays is < 0 or > 60)
        {
            problems.Add("Jobs:Web:ReviewWithinDays: expected 0 to 60 days (0: reviewed on the day the flag was raised).");
        }

        if (WorklistPageSize is < 1 or > 500)
        {
            problems.Add("Jobs:Web:WorklistPageSize: expected 1 to 500 flags a page.");
        }

        return problems;
    }
}
