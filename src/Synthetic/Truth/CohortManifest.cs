using System.Globalization;
using System.Text;
using Outcomes.Ingest.Contract;
using Outcomes.Synthetic.Cohort;
using Outcomes.Synthetic.Output;

namespace Outcomes.Synthetic.Truth;

/// <summary>
/// truth/cohort.csv: the settings a cohort was generated with, each facility's share of courses begun in PHP
/// (<c>php_entry_share:FAC01</c>, ...), and the rows of each file (clean and malformed).
/// </summary>
internal static class CohortManifest
{
    public const string FileName = "cohort.csv";

    public static void Write(string folder, CohortOptions options, IReadOnlyList<(string Facility, double PhpEntryShare)> facilities, long patients, long episodes, IReadOnlyList<GeneratedFile> files)
    {
        var text = new StringBuilder(CsvLine.Join("setting", "value"));
        void Add(string setting, IFormattable value) => text.Append(CsvLine.Join(setting, value.ToString(null, CultureInfo.InvariantCulture)));

        text.Append(CsvLine.Join("data_contract_version", DataContract.Version));
        Add("seed", options.Seed);
        Add("facilities", options.Facilities);
        Add("months", options.Months);
        text.Append(CsvLine.Join("window_start", options.WindowStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        text.Append(CsvLine.Join("end_date", options.EndDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Add("dirty_rate", options.DirtyRate);
        foreach (var (facility, share) in facilities)
        {
            text.Append(CsvLine.Join("php_entry_share:" + facility, share.ToString("0.000000", CultureInfo.InvariantCulture)));
        }

        Add("patients", patients);
        Add("episodes", episodes);
        foreach (var file in files)
        {
            Add("clean_rows:" + file.FileName, file.CleanRows);
            Add("dirty_rows:" + file.FileName, file.DirtyRows);
        }

        File.WriteAllText(Path.Combine(folder, FileName), text.ToString(), new UTF8Encoding(false));
    }
}
