using Dapper;
using Npgsql;

namespace Outcomes.Database.Access;

/// <summary>
/// "All facilities, or these": the population a report, a run or a scheduled job is of, and the facilities a login
/// may see (<c>facility_access</c>, migration 0015). The one spelling of "all facilities": no facility named. Stored
/// analysis runs keep their own (a null <c>facility_filter</c>, figures of <c>*</c>); this type is how code says it.
/// </summary>
public sealed class FacilityScope : IEquatable<FacilityScope>
{
    /// <summary>The name of the scope of all facilities where a scope names something: a job's run, a report's folder.</summary>
    public const string AllName = "all-facilities";

    private FacilityScope(IReadOnlyList<string> facilities) => Facilities = facilities;

    /// <summary>Every facility, together.</summary>
    public static FacilityScope All { get; } = new([]);

    /// <summary>These facilities, in order and once each; none named is <see cref="All"/>.</summary>
    public IReadOnlyList<string> Facilities { get; }

    public bool IsAll => Facilities.Count == 0;

    /// <summary>One facility.</summary>
    public static FacilityScope Of(string facility) => new([facility]);

    /// <summary>These facilities; none is <see cref="All"/>.</summary>
    public static FacilityScope Of(IEnumerable<string> facilities)
    {
        string[] distinct = [.. facilities.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        return distinct.Length == 0 ? All : new(distinct);
    }

    /// <summary>
    /// A scope as a command line gives it (<c>--facility</c>): no value is all facilities, a value is that facility. The
    /// value is an id as the data contract writes it, so no facility is mistaken for "all".
    /// </summary>
    public static FacilityScope Parse(string? facility) => string.IsNullOrEmpty(facility) ? All : Of(facility);

    /// <summary>The facilities the login of <paramref name="dataSource"/> may see (row-level security): all, or these.</summary>
    public static async Task<FacilityScope> OfLoginAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await OfConnectionAsync(connection, cancellationToken);
    }

    /// <summary>The facilities the login of an open <paramref name="connection"/> may see (row-level security): all, or these.</summary>
    public static async Task<FacilityScope> OfConnectionAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        var facilities = await connection.ExecuteScalarAsync<string[]?>(new CommandDefinition("select facility_scope()", cancellationToken: cancellationToken));
        return facilities is null ? All : Of(facilities);
    }

    /// <summary>
    /// The one facility of a population that is a single facility or all (a report, an analysis run): null for all. A
    /// scope of several facilities has no such population and is refused, naming them.
    /// </summary>
    public string? SingleOrAll => Facilities.Count switch
    {
        0 => null,
        1 => Facilities[0],
        _ => throw new InvalidOperationException(
            $"--facility: a report covers one facility or all facilities together, not {string.Join(", ", Facilities)}; choose one of them."),
    };

    /// <summary>A name for the scope where one is needed (a job run's scope, a folder): <see cref="AllName"/> or the ids joined by '+'.</summary>
    public string Name => IsAll ? AllName : string.Join('+', Facilities);

    /// <summary>The scope in words: "all facilities", "facility X" or "facilities X, Y".</summary>
    public override string ToString() => Facilities.Count switch
    {
        0 => "all facilities",
        1 => $"facility {Facilities[0]}",
        _ => $"facilities {string.Join(", ", Facilities)}",
    };

    public bool Equals(FacilityScope? other) => other is not null && Facilities.SequenceEqual(other.Facilities, StringComparer.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as FacilityScope);

    public override int GetHashCode() => Facilities.Aggregate(0, (hash, f) => HashCode.Combine(hash, StringComparer.Ordinal.GetHashCode(f)));
}
