using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Runs;

namespace Outcomes.Reports.Tables;

/// <summary>Levels of care in reading order (IOP, PHP, the others, all), with the names a reader knows them by.</summary>
internal static class LevelNames
{
    public static string Label(string level) => level switch
    {
        OutcomeDefinitions.Iop => "IOP (ASAM 2.1)",
        OutcomeDefinitions.Php => "PHP (ASAM 2.5)",
        "op" => "Outpatient (ASAM 1)",
        "residential" => "Residential",
        Figure.All => "All levels",
        Figure.IopMinusPhp => "IOP minus PHP",
        _ => level,
    };

    public static int Order(string level) => level switch
    {
        OutcomeDefinitions.Iop => 0,
        OutcomeDefinitions.Php => 1,
        Figure.All => 8,
        Figure.IopMinusPhp => 9,
        _ => 2,
    };

    public static IEnumerable<string> InOrder(IEnumerable<string> levels) =>
        levels.Distinct().OrderBy(Order).ThenBy(l => l, StringComparer.Ordinal);
}
