using Npgsql;
using Outcomes.Database.Access;

namespace Outcomes.Web.SignIn;

/// <summary>
/// A signed-in login, held in the server's memory only (never in the cookie, which carries <see cref="Id"/> alone): the
/// data source that connects as the login, which holds its password until the session ends, and the facilities it sees.
/// </summary>
internal sealed class LoginSession(
    string id, string login, FacilityScope facilities, NpgsqlDataSource dataSource, DateTimeOffset signedInAt, NpgsqlDataSource? reads = null)
{
    private long _lastSeenTicks = signedInAt.UtcTicks;

    /// <summary>A random 256-bit id, the only thing the session cookie carries.</summary>
    public string Id { get; } = id;

    public string Login { get; } = login;

    public FacilityScope Facilities { get; } = facilities;

    /// <summary>
    /// The session's writes — reviews, shown ids, audit lines — run on a connection of this data source, as the login, on
    /// the primary; so do its reads when no standby is configured.
    /// </summary>
    public NpgsqlDataSource DataSource { get; } = dataSource;

    /// <summary>
    /// What the pages show is read through this data source, as the login: the standby's when the server reads from one
    /// (<c>OUTCOMES_READ_CONNECTION</c>; paired with <see cref="DataSource"/>, so an audit line made while reading still
    /// reaches the primary), else <see cref="DataSource"/> itself.
    /// </summary>
    public NpgsqlDataSource Reads { get; } = reads ?? dataSource;

    public DateTimeOffset SignedInAt { get; } = signedInAt;

    public DateTimeOffset LastSeen => new(Interlocked.Read(ref _lastSeenTicks), TimeSpan.Zero);

    public void Seen(DateTimeOffset now) => Interlocked.Exchange(ref _lastSeenTicks, now.UtcTicks);
}
