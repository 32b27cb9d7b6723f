using Dapper;
using Npgsql;
using Outcomes.Analytics.Proportions;
using Outcomes.Analytics.Survival;

namespace Outcomes.Analytics.Programs;

/// <summary>
/// Two programs side by side (say a trial's two arms): completion with Wilson intervals and their Newcombe difference
/// (second minus first), and retention compared by the log-rank test, with the hazard ratio it implies (second
/// relative to first: observed over expected events).
/// </summary>
public sealed record ProgramComparison(ProgramOutcome First, ProgramOutcome Second, double CompletionDifference, Interval CompletionDifferenceInterval, LogRankResult LogRank)
{
    public double HazardRatio => LogRank.ObservedSecond / LogRank.ExpectedSecond / (LogRank.ObservedFirst / LogRank.ExpectedFirst);

    public static async Task<ProgramComparison> CompareAsync(NpgsqlDataSource dataSource, string first, string second, CancellationToken cancellationToken = default)
    {
        const string sql = """
            select p.source_program_id as ProgramId, (coalesce(e.discharged_on, t.through) - e.admitted_on) as Days,
                   e.discharged_on is not null and e.discharge_reason <> 'completed' as LeftCare,
                   e.discharge_reason = 'completed' as Completed, e.discharged_on is not null as Discharged,
                   not e.medication_for_addiction_treatment as WithoutMedication
            from episode e
            join program p on p.program_key = e.program_key
            cross join (select max(coalesce(discharged_on, admitted_on)) as through from episode) t
            where p.source_program_id = any(@Programs)
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(sql, new { Programs = new[] { first, second } }, cancellationToken: cancellationToken))).ToList();
        var a = Outcome(first, rows);
        var b = Outcome(second, rows);
        var (difference, interval) = NewcombeDifference.For(b.Completed, a.Completed);
        var logRank = LogRankTest.Compare(Observations(first, rows), Observations(second, rows));
        return new ProgramComparison(a, b, difference, interval, logRank);
    }

    private static ProgramOutcome Outcome(string program, List<Row> rows)
    {
        var mine = rows.Where(r => r.ProgramId == program).ToList();
        if (mine.Count == 0)
        {
            throw new InvalidOperationException($"No episodes of program '{program}' are loaded.");
        }

        return new ProgramOutcome(program, mine.Count, new Proportion(mine.Count(r => r.Completed), mine.Count(r => r.Discharged)),
            new Proportion(mine.Count(r => r.WithoutMedication), mine.Count), KaplanMeierCurve.Fit(Observations(program, rows)));
    }

    private static List<SurvivalObservation> Observations(string program, List<Row> rows) =>
        [.. rows.Where(r => r.ProgramId == program).Select(r => new SurvivalObservation(r.Days, r.LeftCare))];

    private sealed class Row
    {
        public string ProgramId { get; init; } = "";

        public int Days { get; init; }

        public bool LeftCare { get; init; }

        public bool Completed { get; init; }

        public bool Discharged { get; init; }

        public bool WithoutMedication { get; init; }
    }
}
