namespace Outcomes.Database.Locks;

/// <summary>
/// The key of a PostgreSQL advisory lock, with a name for messages. A key is either a number fixed once and never
/// changed (every Outcomes process, old and new, must take the same number to exclude the others) or a name the server
/// turns into a number with <c>hashtextextended(name, 0)</c>, so keys for many things (a job and its source) need no
/// table of numbers. The keys Outcomes uses are listed in <see cref="AdvisoryLock.Keys"/>.
/// </summary>
public readonly record struct AdvisoryLockKey
{
    private AdvisoryLockKey(string name, long? number)
    {
        Name = name;
        Number = number;
    }

    /// <summary>What the lock protects, for messages; for a hashed key also the text that is hashed.</summary>
    public string Name { get; }

    /// <summary>The fixed number, or null when the server hashes <see cref="Name"/>.</summary>
    public long? Number { get; }

    /// <summary>A key whose number is fixed: changing it would let an older process and a newer one run at once.</summary>
    public static AdvisoryLockKey Fixed(string name, long number) => new(name, number);

    /// <summary>A key the server derives from <paramref name="name"/> with <c>hashtextextended(name, 0)</c>.</summary>
    public static AdvisoryLockKey Hashed(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new(name, null);
    }

    public override string ToString() => Number is { } n ? $"{Name} (key {n})" : $"{Name} (key hashtextextended('{Name}', 0))";
}
