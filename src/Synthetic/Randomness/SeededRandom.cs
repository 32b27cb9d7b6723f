namespace Outcomes.Synthetic.Randomness;

/// <summary>
/// A small, fully specified pseudo-random generator (xoshiro256**, seeded through SplitMix64), so that a seed
/// gives the same numbers on every machine and every .NET version; <see cref="System.Random"/> promises neither.
/// Each patient, the facilities and the injected mistakes draw from streams of their own, so changing one
/// (say, the dirty-row rate) never shifts the others.
/// </summary>
internal sealed class SeededRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public SeededRandom(ulong seed)
    {
        var state = seed;
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
    }

    /// <summary>The generator of one stream (patients, facilities, mistakes, ...) and one item within it.</summary>
    public static SeededRandom For(int seed, RandomStream stream, long index = 0)
    {
        var state = (ulong)(uint)seed;
        var a = SplitMix64(ref state);
        state = a ^ ((ulong)stream * 0x9E37_79B9_7F4A_7C15UL);
        var b = SplitMix64(ref state);
        state = b ^ (ulong)index;
        return new SeededRandom(SplitMix64(ref state));
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, maxExclusive).</summary>
    public int Next(int maxExclusive) => (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);

    /// <summary>Uniform in [min, maxInclusive].</summary>
    public int Between(int min, int maxInclusive) => min + Next(maxInclusive - min + 1);

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>Standard normal (Box-Muller, one value per call so the stream stays simple to follow).</summary>
    public double Normal()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Log-normal with the given median and spread (sigma of the logarithm).</summary>
    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Normal());

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E37_79B9_7F4A_7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}
