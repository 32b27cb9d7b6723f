using Dapper;
using Npgsql;

namespace Outcomes.Ingest.Contract.Instruments;

/// <summary>
/// The table of a program's own instruments (<c>program_instrument</c>, migration 0039; the norms, migration 0041): the
/// load of assessments.csv or surveys.csv writes the definitions its settings declared, and the analysis reads them back,
/// so that scores are measured by the definition they were loaded and checked against rather than by the settings of
/// whoever runs the analysis.
/// </summary>
public static class ProgramInstrumentStore
{
    private const string ReadSql = """
        select instrument as Code, name as Name, purpose as Purpose, direction as Direction, total_min as TotalMin,
               total_max as TotalMax, clinical_cut_off as ClinicalCutOff, reliability as Reliability,
               reliability_kind as ReliabilityKind, source as Source, clinical_mean as ClinicalMean, clinical_sd as ClinicalSd,
               functional_mean as FunctionalMean, functional_sd as FunctionalSd
        from program_instrument
        order by instrument
        """;

    // One row per code: a definition equal to the stored one is left alone (its batch stays the load that declared it).
    private const string DeclareSql = """
        insert into program_instrument (instrument, name, purpose, direction, total_min, total_max, clinical_cut_off,
                                        reliability, reliability_kind, source, clinical_mean, clinical_sd, functional_mean,
                                        functional_sd, batch_id)
        values (@Code, @Name, @Purpose, @Direction, @TotalMin, @TotalMax, @ClinicalCutOff, @Reliability, @ReliabilityKind, @Source,
                @ClinicalMean, @ClinicalSd, @FunctionalMean, @FunctionalSd, @Batch)
        on conflict (instrument) do update set
            name = excluded.name, purpose = excluded.purpose, direction = excluded.direction, total_min = excluded.total_min,
            total_max = excluded.total_max, clinical_cut_off = excluded.clinical_cut_off, reliability = excluded.reliability,
            reliability_kind = excluded.reliability_kind, source = excluded.source, clinical_mean = excluded.clinical_mean,
            clinical_sd = excluded.clinical_sd, functional_mean = excluded.functional_mean, functional_sd = excluded.functional_sd,
            batch_id = excluded.batch_id, declared_at = now()
        """;

    /// <summary>Every stored definition, by code.</summary>
    public static async Task<IReadOnlyList<Instrument>> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default,
        NpgsqlTransaction? transaction = null)
    {
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(ReadSql, transaction: transaction, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToInstrument())];
    }

    /// <summary>
    /// Stores the definitions of <paramref name="instruments"/> that differ from the stored ones (or are new), as declared by
    /// load <paramref name="batchId"/>, in the load's transaction. Returns the codes written.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DeclareAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<Instrument> instruments, long batchId, CancellationToken cancellationToken)
    {
        var wanted = instruments.Select(Row.Of).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var stored = (await connection.QueryAsync<Row>(new CommandDefinition(ReadSql, transaction: transaction, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.Code, StringComparer.Ordinal);
        var written = new List<string>();
        foreach (var row in wanted.Where(w => !stored.TryGetValue(w.Code, out var s) || s != w))
        {
            await connection.ExecuteAsync(new CommandDefinition(DeclareSql,
                new
                {
                    row.Code, row.Name, row.Purpose, row.Direction, row.TotalMin, row.TotalMax, row.ClinicalCutOff, row.Reliability, row.ReliabilityKind,
                    row.Source, row.ClinicalMean, row.ClinicalSd, row.FunctionalMean, row.FunctionalSd, Batch = batchId,
                },
                transaction, cancellationToken: cancellationToken));
            written.Add(row.Code);
        }

        return written;
    }

    /// <summary>A definition as the table spells it.</summary>
    private sealed record Row(
        string Code, string Name, string Purpose, string Direction, short TotalMin, short TotalMax, short? ClinicalCutOff,
        double? Reliability, string? ReliabilityKind, string Source, double? ClinicalMean, double? ClinicalSd, double? FunctionalMean,
        double? FunctionalSd)
    {
        public static Row Of(Instrument instrument) => new(
            instrument.Code, instrument.Name,
            instrument.Purpose == InstrumentPurpose.Progress ? "progress" : "satisfaction",
            instrument.Direction == ScoreDirection.HigherIsWorse ? "higher_is_worse" : "higher_is_better",
            checked((short)instrument.TotalMin!.Value), checked((short)instrument.TotalMax!.Value),
            instrument.ClinicalCutOff is { } cut ? checked((short)cut) : null,
            instrument.ReliabilityForChange?.Coefficient,
            instrument.ReliabilityForChange?.Kind switch
            {
                null => null,
                Instruments.ReliabilityKind.TestRetest => "test_retest",
                _ => "internal_consistency",
            },
            instrument.Source,
            instrument.Norms?.ClinicalMean, instrument.Norms?.ClinicalStandardDeviation, instrument.Norms?.FunctionalMean,
            instrument.Norms?.FunctionalStandardDeviation);

        public Instrument ToInstrument() => new()
        {
            Code = Code,
            Name = Name,
            Purpose = Purpose == "progress" ? InstrumentPurpose.Progress : InstrumentPurpose.Satisfaction,
            Direction = Direction == "higher_is_worse" ? ScoreDirection.HigherIsWorse : ScoreDirection.HigherIsBetter,
            TotalMin = TotalMin,
            TotalMax = TotalMax,
            ClinicalCutOff = ClinicalCutOff,
            Norms = ClinicalMean is { } m1 && ClinicalSd is { } s1 && FunctionalMean is { } m0 && FunctionalSd is { } s0
                ? new PopulationNorms(m1, s1, m0, s0)
                : null,
            ReliabilityForChange = Reliability is { } r
                ? new Reliability(r, ReliabilityKind == "test_retest" ? Instruments.ReliabilityKind.TestRetest : Instruments.ReliabilityKind.InternalConsistency, Source)
                : null,
            Source = Source,
            IsProgramDefined = true,
        };
    }
}
