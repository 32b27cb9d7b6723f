using Npgsql;
using Outcomes.Database.Access;

namespace Outcomes.Web.SignIn;

/// <summary>
/// A signed-in login, held in the server's memory only (never in the cookie, which carries <see cref="Id"/> alone): the
/// data source that connects as the login, which holds its password until the session ends, and the facilities it sees.
/// </summary>
internal sealed class LoginSession(string id, string login, FacilityScope facilities, NpgsqlDataSource dataSource, DateTimeOffset signedInAt)
{
    private long _lastSeenTicks = signedInAt.UtcTicks;

    /// <summary>A random 256-bit id, the only thing the session cookie carries.</summary>
    public string Id { get; } = id;

    public string Login { get; } = login;

    public FacilityScope Facilities { get; } = facilities;

    /// <summary>Every query of the session's requests runs on a connection of this data source, as the login.</summary>
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public DateTimeOffset SignedInAt { get; } = signedInAt;

    public DateTimeOffset LastSeen => new(Interlocked.Read(ref _lastSeenTicks), TimeSpan.Zero);

    public void Seen(DateTimeOffset now) => Interlocked.Exchange(ref _lastSeenTicks, now.UtcTicks);
}
