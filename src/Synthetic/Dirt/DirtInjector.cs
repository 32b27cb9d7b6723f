using System.Globalization;
using System.Text;
using Outcomes.Ingest.Contract;
using Outcomes.Synthetic.Output;
using Outcomes.Synthetic.Randomness;

namespace Outcomes.Synthetic.Dirt;

/// <summary>
/// After a clean row, and with the chance given by the dirty rate, writes one malformed row of a known kind and
/// records its file, line and kind in truth/dirty_rows.csv. Malformed rows are always extra rows with ids of
/// their own (a duplicate repeats the clean row before it, which the ingest keeps as the first), so no clean
/// row is lost and no clean row's reference is broken. Kinds take turns within each file, so each kind a file
/// can hold appears once the file has a few malformed rows. Draws from a random stream of its own: a dirty
/// drop holds exactly the clean rows of the clean drop with the same seed.
/// </summary>
internal sealed class DirtInjector : IDisposable
{
    /// <summary>Not a code of any contract list (checked at start-up).</summary>
    public const string UnknownCode = "see_notes";

    public const string UnknownYesNo = "maybe";

    public const string DirtyRowsFileName = "dirty_rows.csv";

    private readonly double _rate;
    private readonly SeededRandom _random;
    private readonly StreamWriter _log;
    private readonly Dictionary<EntityDefinition, FilePlan> _plans = [];
    private readonly Dictionary<string, long> _counts = [];
    private long _made;

    public DirtInjector(string truthFolder, double rate, int seed)
    {
        if (DataContract.Files.SelectMany(f => f.Fields).Any(f => f.Codes.Contains(UnknownCode)))
        {
            throw new InvalidOperationException($"'{UnknownCode}' became a contract code; pick another unknown code.");
        }

        _rate = rate;
        _random = SeededRandom.For(seed, RandomStream.Dirt);
        _log = new StreamWriter(Path.Combine(truthFolder, DirtyRowsFileName), false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        _log.Write("file,line,kind\n");
    }

    /// <summary>Malformed rows written, by file name.</summary>
    public IReadOnlyDictionary<string, long> Counts => _counts;

    public void AfterCleanRow(ContractFileWriter file)
    {
        if (_rate <= 0 || !_random.Chance(_rate))
        {
            return;
        }

        if (!_plans.TryGetValue(file.Entity, out var plan))
        {
            plan = new FilePlan(file.Entity);
            _plans.Add(file.Entity, plan);
        }

        var kind = plan.Kinds[plan.Turn++ % plan.Kinds.Count];
        var values = new string[file.Entity.Fields.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = file.Value(i);
        }

        _made++;
        Corrupt(kind, plan, values);
        file.WriteRaw(kind == DirtyRowKind.WrongFieldCount ? values[..^1] : values);
        _log.Write(string.Create(CultureInfo.InvariantCulture, $"{file.FileName},{file.Line},{DirtyRowKinds.Name(kind)}\n"));
        _counts[file.FileName] = _counts.GetValueOrDefault(file.FileName) + 1;
    }

    public void Dispose() => _log.Dispose();

    private void Corrupt(DirtyRowKind kind, FilePlan plan, string[] values)
    {
        if (kind == DirtyRowKind.DuplicateId)
        {
            return;
        }

        // Every other malformed row is a row of its own: a new id keeps it apart from the clean rows.
        if (plan.IdColumn >= 0)
        {
            values[plan.IdColumn] += "-D" + _made.ToString(CultureInfo.InvariantCulture);
        }

        switch (kind)
        {
            case DirtyRowKind.BadDate:
                var dateColumn = Pick(plan.DateColumns.Where(c => values[c].Length == Dates.Length).ToList());
                values[dateColumn] = MisspellDate(values[dateColumn]);
                break;
            case DirtyRowKind.UnknownCode:
                var codeColumn = Pick(plan.CodeColumns.Where(c => values[c].Length > 0).ToList());
                values[codeColumn] = plan.Entity.Fields[codeColumn].Kind == FieldKind.YesNo ? UnknownYesNo : UnknownCode;
                break;
            case DirtyRowKind.NegativeMinutes:
                values[plan.MinutesColumn] = "-" + values[plan.MinutesColumn];
                break;
            case DirtyRowKind.UnknownEpisode:
                values[plan.EpisodeColumn] = "XE" + _made.ToString(CultureInfo.InvariantCulture);
                break;
            case DirtyRowKind.DischargeBeforeAdmission:
                var admitted = DateOnly.ParseExact(values[plan.AdmissionColumn], "yyyy-MM-dd", CultureInfo.InvariantCulture);
                values[plan.DischargeColumn] = Dates.Text(admitted.AddDays(-_random.Between(1, 14)));
                values[plan.ReasonColumn] = Clinical.ContractCodes.Reason.Completed;
                values[plan.TransferredToColumn] = "";
                break;
        }
    }

    private string MisspellDate(string date) => _random.Next(3) switch
    {
        0 => $"{date[5..7]}/{date[8..10]}/{date[..4]}",
        1 => $"{date[..8]}32",
        _ => date.Replace("-", "", StringComparison.Ordinal),
    };

    private int Pick(IReadOnlyList<int> columns) => columns[_random.Next(columns.Count)];

    /// <summary>Which kinds of malformed row one file can hold, and where their columns are.</summary>
    private sealed class FilePlan
    {
        public FilePlan(EntityDefinition entity)
        {
            Entity = entity;
            var fields = entity.Fields;
            int IndexOrNone(string name)
            {
                for (var i = 0; i < fields.Count; i++)
                {
                    if (fields[i].Name == name)
                    {
                        return i;
                    }
                }

                return -1;
            }

            var key = entity.KeyFields[^1];
            IdColumn = fields[entity.IndexOf(key)].Kind == FieldKind.Id ? entity.IndexOf(key) : -1;
            DateColumns = [.. fields.Select((f, i) => (f, i)).Where(x => x.f.Kind == FieldKind.Date).Select(x => x.i)];
            CodeColumns = [.. fields.Select((f, i) => (f, i)).Where(x => x.f.Kind is FieldKind.Code or FieldKind.YesNo).Select(x => x.i)];
            MinutesColumn = IndexOrNone("scheduled_minutes");
            EpisodeColumn = entity.Name == "episodes" ? -1 : IndexOrNone("episode_id");
            AdmissionColumn = IndexOrNone("admission_date");
            DischargeColumn = IndexOrNone("discharge_date");
            ReasonColumn = IndexOrNone("discharge_reason");
            TransferredToColumn = IndexOrNone("transferred_to_episode_id");

            var kinds = new List<DirtyRowKind>();
            if (DateColumns.Count > 0)
            {
                kinds.Add(DirtyRowKind.BadDate);
            }

            if (CodeColumns.Count > 0)
            {
                kinds.Add(DirtyRowKind.UnknownCode);
            }

            if (MinutesColumn >= 0)
            {
                kinds.Add(DirtyRowKind.NegativeMinutes);
            }

            if (EpisodeColumn >= 0)
            {
                kinds.Add(DirtyRowKind.UnknownEpisode);
            }

            if (AdmissionColumn >= 0 && DischargeColumn >= 0)
            {
                kinds.Add(DirtyRowKind.DischargeBeforeAdmission);
            }

            kinds.Add(DirtyRowKind.DuplicateId);
            kinds.Add(DirtyRowKind.WrongFieldCount);
            Kinds = kinds;
        }

        public EntityDefinition Entity { get; }

        public IReadOnlyList<DirtyRowKind> Kinds { get; }

        public int Turn { get; set; }

        public int IdColumn { get; }

        public IReadOnlyList<int> DateColumns { get; }

        public IReadOnlyList<int> CodeColumns { get; }

        public int MinutesColumn { get; }

        public int EpisodeColumn { get; }

        public int AdmissionColumn { get; }

        public int DischargeColumn { get; }

        public int ReasonColumn { get; }

        public int TransferredToColumn { get; }
    }
}
