using System.Globalization;

namespace Outcomes.Analytics.Definitions;

/// <summary>
/// The dated sources a facility sends (contract files whose rows carry a date) and when a source's data reach a day.
/// A facility's data of a source run through the latest date any of its loads of that file carried
/// (<see cref="Ingest.Ledger.SourceDataThrough"/>); a source reaches a day when that date falls within the source's
/// grace before it, since not every day has a session, a screen or a family contact (docs/metrics.md).
/// </summary>
public static class DataSources
{
    public const string Sessions = "sessions";
    public const string DrugScreens = "drug_screens";
    public const string FamilyContacts = "family_contacts";

    /// <summary>
    /// Days without any row of a source, for any of a facility's patients, after which its data of that source are
    /// taken as missing. Sessions: a week, since IOP meets at least three days a week (ASAM level 2.1: 9 hours a week)
    /// and a holiday week still leaves a few sessions. Drug screens: two weeks, two rounds of the weekly random screen
    /// of patients in intensive outpatient care. Family contacts: four weeks, two rounds of a fortnightly
    /// multi-family group. Other dated sources (relapse events, episodes) come rarely: a month.
    /// </summary>
    public static int GraceDays(string source) => source switch
    {
        Sessions => 7,
        DrugScreens => 14,
        FamilyContacts => 28,
        _ => 31,
    };

    /// <summary>Whether a source's data through <paramref name="through"/> reach <paramref name="day"/> (null: none loaded).</summary>
    public static bool Covers(string source, DateOnly? through, DateOnly day) => through is { } last && last > day.AddDays(-GraceDays(source));

    /// <summary>
    /// Whether a source whose data begin on <paramref name="from"/> (null: not known, taken as always) reach back to an
    /// admission on <paramref name="admittedOn"/>: the features of a source count from the admission, so a facility that
    /// began sending the source later than the admission plus the source's grace (its first row of a new source comes a
    /// few days after its first patients' admissions, as a new patient's first screen does) would read as nothing found
    /// for the weeks before.
    /// </summary>
    public static bool ReachesBack(string source, DateOnly? from, DateOnly admittedOn) => from is not { } first || first < admittedOn.AddDays(GraceDays(source));

    /// <summary>Why a source does not reach back to an admission: "no drug-screen data before 2026-03-02".</summary>
    public static string NoDataBefore(string source, DateOnly from) =>
        string.Create(CultureInfo.InvariantCulture, $"no {Adjective(source)} data before {from:yyyy-MM-dd}");

    /// <summary>The source as an adjective, for "no drug-screen data since …".</summary>
    public static string Adjective(string source) => source switch
    {
        Sessions => "attendance",
        DrugScreens => "drug-screen",
        FamilyContacts => "family-contact",
        "relapse_events" => "relapse-event",
        "episodes" => "episode",
        _ => source.Replace('_', ' '),
    };

    /// <summary>The source as a plural noun, for "drug screens through 2026-05-12".</summary>
    public static string Noun(string source) => source.Replace('_', ' ');

    /// <summary>Why a source does not reach a day: "no drug-screen data since 2026-05-12", or "… loaded" when there are none.</summary>
    public static string NoDataSince(string source, DateOnly? through) => through is { } last
        ? string.Create(CultureInfo.InvariantCulture, $"no {Adjective(source)} data since {last:yyyy-MM-dd}")
        : $"no {Adjective(source)} data loaded";

    /// <summary>A figure's note for a source that stops short: "drug screens through 2026-05-12", or "no drug screens loaded".</summary>
    public static string ThroughNote(string source, DateOnly? through) => through is { } last
        ? string.Create(CultureInfo.InvariantCulture, $"{Noun(source)} through {last:yyyy-MM-dd}")
        : $"no {Noun(source)} loaded";
}
