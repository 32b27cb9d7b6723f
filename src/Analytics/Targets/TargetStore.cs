using Dapper;
using Npgsql;

namespace Outcomes.Analytics.Targets;

/// <summary>
/// <c>outcome_target</c>: targets are added, never changed; a target may not overlap another for the same metric,
/// facility, level and group (end the earlier one first by giving the new one's start).
/// </summary>
public sealed class TargetStore(NpgsqlDataSource dataSource)
{
    public async Task<long> AddAsync(OutcomeTarget target, CancellationToken cancellationToken = default)
    {
        if (!TargetMetrics.Known.ContainsKey(target.Metric))
        {
            throw new InvalidOperationException($"metric: '{target.Metric}' is not a figure a target can be set for; expected one of {string.Join(", ", TargetMetrics.Known.Keys)}.");
        }

        if (TargetMetrics.IsShare(target.Metric) && target.Target is < 0 or > 1)
        {
            throw new InvalidOperationException($"target: {target.Metric} is a share; expected a value from 0 to 1 (0.5 for 50%).");
        }

        if (target.EffectiveTo is { } to && to < target.EffectiveFrom)
        {
            throw new InvalidOperationException("--to: expected a day on or after --from.");
        }

        const string overlapSql = """
            select count(*) from outcome_target
            where metric = @Metric and facility_id is not distinct from @FacilityId and level_of_care is not distinct from @LevelOfCare
              and grouping = @Grouping and effective_from <= coalesce(@EffectiveTo, 'infinity'::date)
              and coalesce(effective_to, 'infinity'::date) >= @EffectiveFrom
            """;
        const string insertSql = """
            insert into outcome_target (metric, facility_id, level_of_care, grouping, direction, target, effective_from, effective_to, set_by, note)
            values (@Metric, @FacilityId, @LevelOfCare, @Grouping, @Direction, @Target, @EffectiveFrom, @EffectiveTo, @SetBy, @Note)
            returning target_id
            """;
        var parameters = new
        {
            target.Metric, target.FacilityId, target.LevelOfCare, target.Grouping, Direction = target.AtLeast ? "at_least" : "at_most",
            target.Target, target.EffectiveFrom, target.EffectiveTo, target.SetBy, target.Note,
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(overlapSql, parameters, transaction, cancellationToken: cancellationToken)) > 0)
        {
            throw new InvalidOperationException("A target for the same metric, facility, level and group already applies to some of these days: give this one dates after it ends (see 'outcomes targets list').");
        }

        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(insertSql, parameters, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    public async Task<IReadOnlyList<OutcomeTarget>> ListAsync(CancellationToken cancellationToken = default)
    {
        const string sql = """
            select target_id as TargetId, metric as Metric, facility_id as FacilityId, level_of_care as LevelOfCare, grouping as Grouping,
                   direction = 'at_least' as AtLeast, target as Target, effective_from as EffectiveFrom, effective_to as EffectiveTo,
                   set_by as SetBy, note as Note
            from outcome_target order by metric, facility_id nulls first, level_of_care nulls first, grouping, effective_from
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<OutcomeTarget>(new CommandDefinition(sql, cancellationToken: cancellationToken))];
    }
}
