namespace Outcomes.Synthetic.Care;

/// <summary>The days of the week a program meets: admissions, discharges and sessions fall on them.</summary>
internal sealed class ProgramCalendar
{
    private readonly int[] _indexOfDay = [-1, -1, -1, -1, -1, -1, -1];

    public ProgramCalendar(IReadOnlyList<DayOfWeek> days)
    {
        for (var i = 0; i < days.Count; i++)
        {
            _indexOfDay[(int)days[i]] = i;
        }

        DaysPerWeek = days.Count;
    }

    public int DaysPerWeek { get; }

    /// <summary>The day's index among the program's days of the week (0 = first), or -1 when it does not meet.</summary>
    public int DayIndex(DateOnly date) => _indexOfDay[(int)date.DayOfWeek];

    public bool Meets(DateOnly date) => DayIndex(date) >= 0;

    public DateOnly OnOrAfter(DateOnly date)
    {
        while (!Meets(date))
        {
            date = date.AddDays(1);
        }

        return date;
    }

    public DateOnly After(DateOnly date) => OnOrAfter(date.AddDays(1));

    public DateOnly OnOrBefore(DateOnly date)
    {
        while (!Meets(date))
        {
            date = date.AddDays(-1);
        }

        return date;
    }

    /// <summary>Whole weeks since the Monday of the admission week.</summary>
    public static int WeekSince(DateOnly admission, DateOnly date)
    {
        var monday = admission.AddDays(-(((int)admission.DayOfWeek + 6) % 7));
        return (date.DayNumber - monday.DayNumber) / 7;
    }
}
