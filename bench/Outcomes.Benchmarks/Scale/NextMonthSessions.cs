using Npgsql;

namespace Outcomes.Benchmarks.Scale;

/// <summary>
/// The month after a generated history, as a center would send it: a sessions file (the data contract's columns) with a
/// session every Monday, Wednesday and Friday of that month for each episode still in care at the history's end, so it
/// grows with the history (about 13 rows for each episode in care). Read from the history itself by one COPY.
/// </summary>
internal static class NextMonthSessions
{
    /// <summary>Writes the file to <paramref name="path"/>; returns its rows.</summary>
    public static async Task<long> WriteAsync(NpgsqlDataSource dataSource, DateOnly end, string path, CancellationToken cancellationToken)
    {
        var first = end.AddDays(1);
        var last = first.AddMonths(1).AddDays(-1);

        // Dates are the caller's own constants, written into the COPY statement as ISO dates (COPY takes no parameters).
        var copy = $"""
            copy (
                select e.facility_id, 'N' || e.episode_key || '-' || to_char(d, 'YYYYMMDD'), e.source_episode_id, d::date,
                       (array['group', 'group', 'individual', 'psychoeducation', 'family', 'medication_management'])[1 + (e.episode_key + extract(day from d)::int) % 6],
                       180,
                       case when hashint4((e.episode_key * 31 + extract(day from d)::int)::int) % 100 between -84 and 84 then 'attended' else 'no_show' end,
                       null::int
                from episode e
                cross join generate_series(date '{first:yyyy-MM-dd}', date '{last:yyyy-MM-dd}', interval '1 day') d
                where e.discharged_on is null and e.admitted_on <= date '{end:yyyy-MM-dd}' and extract(isodow from d) in (1, 3, 5)
                order by e.episode_key, d
            ) to stdout with (format csv)
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var file = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        await file.WriteLineAsync("facility_id,session_id,episode_id,session_date,kind,scheduled_minutes,status,attended_minutes");
        long rows = 0;
        using (var reader = await connection.BeginTextExportAsync(copy, cancellationToken))
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                // Attended sessions carry their minutes; others leave them empty (counted as 0).
                await file.WriteLineAsync(line.EndsWith(",attended,", StringComparison.Ordinal) ? line + "180" : line);
                rows++;
            }
        }

        return rows;
    }
}
