namespace Outcomes.Synthetic.Output;

/// <summary>Writes a date as YYYY-MM-DD without going through culture-aware formatting (tens of millions of rows).</summary>
internal static class Dates
{
    public const int Length = 10;

    public static void Write(DateOnly date, Span<char> destination)
    {
        var (year, month, day) = date;
        destination[0] = (char)('0' + year / 1000);
        destination[1] = (char)('0' + year / 100 % 10);
        destination[2] = (char)('0' + year / 10 % 10);
        destination[3] = (char)('0' + year % 10);
        destination[4] = '-';
        destination[5] = (char)('0' + month / 10);
        destination[6] = (char)('0' + month % 10);
        destination[7] = '-';
        destination[8] = (char)('0' + day / 10);
        destination[9] = (char)('0' + day % 10);
    }

    public static string Text(DateOnly date)
    {
        Span<char> text = stackalloc char[Length];
        Write(date, text);
        return new string(text);
    }
}
