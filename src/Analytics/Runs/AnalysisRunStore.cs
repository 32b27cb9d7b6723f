using System.Reflection;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Outcomes.Analytics.Runs;

/// <summary>Saves an analysis run and its figures in one transaction, so reports read exactly these numbers.</summary>
public static class AnalysisRunStore
{
    public static async Task SaveAsync(NpgsqlDataSource dataSource, AnalysisRun run, CancellationToken cancellationToken = default)
    {
        const string insertRun = """
            insert into analysis_run (run_id, definitions_version, period_label, period_start, period_end, facility_filter,
                                      data_through, early_dropout_days, software_version)
            values (@RunId, @DefinitionsVersion, @Label, @Start, @End, @FacilityFilter, @DataThrough, @EarlyDropoutDays, @Version)
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(insertRun, new
        {
            run.RunId,
            run.DefinitionsVersion,
            run.Period.Label,
            run.Period.Start,
            run.Period.End,
            run.FacilityFilter,
            run.DataThrough,
            run.EarlyDropoutDays,
            Version = typeof(AnalysisRunStore).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        }, transaction, cancellationToken: cancellationToken));

        // COPY cannot write into a table under row-level security (migration 0015): the figures go into a temporary
        // table first, and from there into analysis_figure by one INSERT, which the policies check.
        await connection.ExecuteAsync(new CommandDefinition(
            "create temp table analysis_figure_load (like analysis_figure including defaults) on commit drop", transaction: transaction, cancellationToken: cancellationToken));
        await using (var importer = await connection.BeginBinaryImportAsync(
            "copy analysis_figure_load (run_id, metric, facility_id, level_of_care, program_key, grouping, n, numerator, denominator, estimate, lower_bound, upper_bound, suppressed, note, p_value) from stdin (format binary)",
            cancellationToken))
        {
            foreach (var f in run.Figures)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(run.RunId, NpgsqlDbType.Uuid, cancellationToken);
                await importer.WriteAsync(f.Metric, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(f.FacilityId, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(f.LevelOfCare, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(importer, f.ProgramKey, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(f.Grouping, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(f.N, NpgsqlDbType.Integer, cancellationToken);
                await WriteNullableAsync(importer, Finite(f.Numerator), NpgsqlDbType.Double, cancellationToken);
                await WriteNullableAsync(importer, Finite(f.Denominator), NpgsqlDbType.Double, cancellationToken);
                await WriteNullableAsync(importer, Finite(f.Estimate), NpgsqlDbType.Double, cancellationToken);
                await WriteNullableAsync(importer, Finite(f.LowerBound), NpgsqlDbType.Double, cancellationToken);
                await WriteNullableAsync(importer, Finite(f.UpperBound), NpgsqlDbType.Double, cancellationToken);
                await importer.WriteAsync(f.Suppressed, NpgsqlDbType.Boolean, cancellationToken);
                if (f.Note is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await importer.WriteAsync(f.Note, NpgsqlDbType.Text, cancellationToken);
                }

                await WriteNullableAsync(importer, Finite(f.PValue), NpgsqlDbType.Double, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "insert into analysis_figure (run_id, metric, facility_id, level_of_care, program_key, grouping, n, numerator, denominator, estimate, lower_bound, upper_bound, suppressed, note, p_value) select run_id, metric, facility_id, level_of_care, program_key, grouping, n, numerator, denominator, estimate, lower_bound, upper_bound, suppressed, note, p_value from analysis_figure_load",
            transaction: transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public static async Task<IReadOnlyList<Figure>> LoadFiguresAsync(NpgsqlDataSource dataSource, Guid runId, CancellationToken cancellationToken = default)
    {
        const string sql = """
            select metric, facility_id as FacilityId, level_of_care as LevelOfCare, program_key as ProgramKey, grouping, n,
                   numerator, denominator, estimate, lower_bound as LowerBound, upper_bound as UpperBound, suppressed, note,
                   p_value as PValue
            from analysis_figure where run_id = @RunId
            order by metric, facility_id, level_of_care, program_key nulls first, grouping
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<Figure>(new CommandDefinition(sql, new { RunId = runId }, cancellationToken: cancellationToken))];
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct
    {
        if (value is { } v)
        {
            await importer.WriteAsync(v, type, cancellationToken);
        }
        else
        {
            await importer.WriteNullAsync(cancellationToken);
        }
    }
}
