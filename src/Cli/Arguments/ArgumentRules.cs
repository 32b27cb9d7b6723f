using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Outcomes.Analytics.Periods;

namespace Outcomes.Cli.Arguments;

/// <summary>
/// What each kind of command-line value may hold. Each rule returns the value in its canonical form or throws a
/// <see cref="FormatException"/> whose message says what was expected, without the option's name (the caller adds
/// it) and without repeating the value (it may hold a person's name, a control character or anything else).
/// </summary>
internal static partial class ArgumentRules
{
    /// <summary>Free text: a plan's action and result, a target's note, an export's purpose.</summary>
    public const int MaxTextLength = 2000;

    /// <summary>
    /// Planning dates (a target's first and last day, an action's due day) may lie this many years ahead; every other
    /// date and period ends by next year at the latest.
    /// </summary>
    public const int PlanningYearsAhead = 10;

    /// <summary>The last year a period or a date of data may fall in: next year (a clock may be a day behind the data).</summary>
    public static int LatestDataYear(DateOnly today) => today.Year + 1;

    /// <summary>A period, in its canonical form, from 1990 to the end of next year.</summary>
    public static ReportingPeriod Period(string text, DateOnly today)
    {
        var expected = $"expected a period from {ReportingPeriod.EarliestYear} to {LatestDataYear(today)}: {ReportingPeriod.ExpectedForms}.";
        ReportingPeriod period;
        try
        {
            period = ReportingPeriod.Parse(text);
        }
        catch (FormatException)
        {
            throw new FormatException(expected);
        }

        return period.End.Year <= LatestDataYear(today) ? period : throw new FormatException(expected);
    }

    /// <summary>One month, e.g. 2026-10, from 1990 to next year.</summary>
    public static ReportingPeriod Month(string text, DateOnly today)
    {
        ReportingPeriod period;
        try
        {
            period = Period(text, today);
        }
        catch (FormatException)
        {
            throw new FormatException($"expected one month from {ReportingPeriod.EarliestYear}-01 to {LatestDataYear(today)}-12, written YYYY-MM (e.g. 2026-10).");
        }

        return period.IsMonth && MonthOnly().IsMatch(period.Label)
            ? period
            : throw new FormatException($"expected one month from {ReportingPeriod.EarliestYear}-01 to {LatestDataYear(today)}-12, written YYYY-MM (e.g. 2026-10).");
    }

    /// <summary>A calendar year from 1990 to next year, written with four digits.</summary>
    public static int Year(string text, DateOnly today) =>
        YearOnly().IsMatch(text) && int.Parse(text, CultureInfo.InvariantCulture) is var year && year >= ReportingPeriod.EarliestYear && year <= LatestDataYear(today)
        ? year
        : throw new FormatException($"expected a calendar year from {ReportingPeriod.EarliestYear} to {LatestDataYear(today)}.");

    /// <summary>A day of data (data-through, scoring day, audit start, decision day): YYYY-MM-DD, 1990 to the end of next year.</summary>
    public static DateOnly DataDay(string text, DateOnly today) => Day(text, new DateOnly(LatestDataYear(today), 12, 31));

    /// <summary>A planning day (a target's first or last day, an action's due day): YYYY-MM-DD, 1990 to ten years ahead.</summary>
    public static DateOnly PlanningDay(string text, DateOnly today) => Day(text, new DateOnly(today.Year + PlanningYearsAhead, 12, 31));

    private static DateOnly Day(string text, DateOnly latest)
    {
        var earliest = new DateOnly(ReportingPeriod.EarliestYear, 1, 1);
        return DayPattern().IsMatch(text)
               && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
               && day >= earliest && day <= latest
            ? day
            : throw new FormatException($"expected a date written YYYY-MM-DD from {earliest:yyyy-MM-dd} to {latest:yyyy-MM-dd}.");
    }

    /// <summary>
    /// Free text kept in the database and shown in reports: 1 to <paramref name="maxLength"/> characters after
    /// trimming, no control characters (line breaks, tabs, NUL, escape sequences) and no invisible formatting
    /// characters (right-to-left overrides, zero-width characters) that would make a report read differently from
    /// what is stored.
    /// </summary>
    public static string Text(string text, int maxLength = MaxTextLength)
    {
        var value = text.Trim();
        if (value.Length == 0 || value.Length > maxLength)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"expected text of 1 to {maxLength:N0} characters."));
        }

        if (value.EnumerateRunes().Any(r => Rune.GetUnicodeCategory(r) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator))
        {
            throw new FormatException("expected one line of plain text: no line breaks, tabs, control or invisible formatting characters.");
        }

        return value;
    }

    /// <summary>
    /// The role that owns an action plan: a few words from the vocabulary of roles (<see cref="RoleNouns"/> and
    /// <see cref="RoleQualifiers"/>), the last one a role, e.g. "program director", "front desk lead",
    /// "clinical supervisor". Never a person's name: a word outside the vocabulary is refused. Stored lower case,
    /// single-spaced.
    /// </summary>
    public static string OwnerRole(string text)
    {
        var words = text.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ok = words.Length is >= 1 and <= 5
                 && words.All(w => RoleNouns.Contains(w) || RoleQualifiers.Contains(w))
                 && RoleNouns.Contains(words[^1]);
        return ok
            ? string.Join(' ', words)
            : throw new FormatException(
                $"expected a role, never a person's name: one to five words ending with a role ({string.Join(", ", RoleNouns.Order(StringComparer.Ordinal).Take(12))}, ...), "
                + "e.g. 'program director', 'front desk lead', 'clinical supervisor' (docs/metrics.md lists the words).");
    }

    /// <summary>The words an owner role may end with.</summary>
    public static readonly IReadOnlySet<string> RoleNouns = new HashSet<string>(StringComparer.Ordinal)
    {
        "director", "lead", "manager", "coordinator", "supervisor", "counsellor", "counselor", "therapist", "clinician",
        "nurse", "physician", "psychiatrist", "psychologist", "prescriber", "pharmacist", "analyst", "officer",
        "administrator", "team", "committee", "staff", "worker", "specialist", "navigator", "coach", "desk", "office",
        "department", "unit", "board",
    };

    /// <summary>The words that may come before the role: what part of the program it belongs to.</summary>
    public static readonly IReadOnlySet<string> RoleQualifiers = new HashSet<string>(StringComparer.Ordinal)
    {
        "program", "programme", "clinical", "medical", "nursing", "quality", "intake", "admissions", "front", "case", "peer",
        "recovery", "family", "senior", "assistant", "deputy", "associate", "executive", "operations", "compliance", "data",
        "billing", "outreach", "iop", "php", "outpatient", "residential", "group", "addiction", "mental", "health",
        "behavioral", "behavioural", "social", "care", "utilization", "improvement", "records", "facility", "site",
        "evening", "weekend", "aftercare", "discharge", "treatment", "research", "training",
    };

    /// <summary>Who reviewed a flag: staff initials (one to four letters, dots allowed) or a staff id holding a digit, up to 20 characters.</summary>
    public static string StaffReference(string text)
    {
        var value = text.Trim();
        return Initials().IsMatch(value) || StaffId().IsMatch(value)
            ? value
            : throw new FormatException("expected staff initials (up to four letters, e.g. JD) or a staff id with a digit (e.g. S-1042), never a name.");
    }

    /// <summary>
    /// A counsellor's staff code as episodes.csv carries it (docs/data-contract.md): 1 to 40 letters, digits, - and _,
    /// never a name. Compared as stored.
    /// </summary>
    public static string CounsellorCode(string text) => CounsellorCodePattern().IsMatch(text)
        ? text
        : throw new FormatException("expected a counsellor's staff code as episodes.csv carries it: 1 to 40 letters, digits, - and _ (never a name).");

    /// <summary>An id as the data contract defines it (a facility): 1 to 64 letters, digits and . _ : / -, starting with a letter or digit.</summary>
    public static string Identifier(string text) => ContractId().IsMatch(text)
        ? text
        : throw new FormatException("expected an id as the data contract writes it: 1 to 64 letters, digits and . _ : / -, starting with a letter or digit.");

    /// <summary>A short label chosen from the figures' own (a target's group such as "day 90" or "sex"): letters, digits, spaces, _ and -.</summary>
    public static string Label(string text)
    {
        var value = text.Trim();
        return ShortLabel().IsMatch(value)
            ? value
            : throw new FormatException("expected a group label of 1 to 40 letters, digits, spaces, _ or -, e.g. \"day 90\".");
    }

    /// <summary>A database login as Outcomes creates them.</summary>
    public static string Login(string text) => LoginPattern().IsMatch(text) && !text.StartsWith("outcomes_", StringComparison.Ordinal) && !text.StartsWith("pg_", StringComparison.Ordinal)
        ? text
        : throw new FormatException("expected 3 to 63 lower-case letters, digits or underscores, starting with a letter, and not starting with outcomes_ or pg_.");

    /// <summary>The start of an audit action's name, e.g. "export" or "flag.review".</summary>
    public static string ActionPrefix(string text) => ActionName().IsMatch(text)
        ? text
        : throw new FormatException("expected the start of an action's name: 1 to 40 lower-case letters, digits, . or _, e.g. export or flag.review.");

    /// <summary>One of a fixed list of words.</summary>
    public static string OneOf(string text, IEnumerable<string> words)
    {
        var list = words.ToList();
        return list.Contains(text, StringComparer.Ordinal) ? text : throw new FormatException($"expected {string.Join(", ", list)}.");
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}\z")]
    private static partial Regex DayPattern();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}\z")]
    private static partial Regex MonthOnly();

    [GeneratedRegex(@"^[0-9]{4}\z")]
    private static partial Regex YearOnly();

    [GeneratedRegex(@"^([A-Za-z]\.?){1,4}\z")]
    private static partial Regex Initials();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,40}\z")]
    private static partial Regex CounsellorCodePattern();

    [GeneratedRegex(@"^(?=[A-Za-z0-9._-]*[0-9])[A-Za-z0-9][A-Za-z0-9._-]{0,19}\z")]
    private static partial Regex StaffId();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}\z")]
    private static partial Regex ContractId();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9 _-]{0,39}\z")]
    private static partial Regex ShortLabel();

    [GeneratedRegex(@"^[a-z0-9._]{1,40}\z")]
    private static partial Regex ActionName();

    [GeneratedRegex(@"^[a-z][a-z0-9_]{2,62}\z")]
    private static partial Regex LoginPattern();
}
