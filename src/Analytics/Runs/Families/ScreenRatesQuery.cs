using Dapper;
using Npgsql;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>Positive drug screens in care during the period: per screen, per episode screened and per week tested, with intervals cluster-robust by patient.</summary>
internal sealed class ScreenRatesQuery(RateFigures rates)
{
    /// <summary>
    /// Per episode, the screens with a result (negative, positive, dilute) collected in the period during care and the
    /// positive ones among them (<c>positive_screen_per_screen</c>); whether the episode had a positive among those
    /// screens (<c>positive_screen_per_patient</c>, units episodes screened); and its weeks tested — calendar weeks
    /// (Monday–Sunday) whose Monday lies in the period with at least one such screen collected in them, up to the
    /// data-through date — and those with a positive (<c>positive_screen_per_week_tested</c>): a week belongs to the
    /// month of its Monday, so its screens may fall up to six days after the period. Summed per patient within each
    /// population (<see cref="PatientClusters"/>), since screens, weeks and a readmitted patient's episodes repeat within
    /// a patient. One read of the screens serves all three.
    /// </summary>
    private static readonly PatientClusters.Statement Sums = PatientClusters.Sql("""
        screen as (
            select d.episode_key, d.result = 'positive' as positive, d.collected_on <= @End as in_period,
                   d.collected_on <= @Through as by_through, date_trunc('week', d.collected_on)::date as monday
            from drug_screen d
            join episode e on e.episode_key = d.episode_key
            where d.collected_on between @Start and @End::date + 6 and d.result in ('negative', 'positive', 'dilute')
              and d.collected_on <= coalesce(e.discharged_on, @Through)
              and (@Facility::text is null or e.facility_id = @Facility)
        ), week as (
            select episode_key, bool_or(positive) as positive
            from screen
            where monday between @Start and @End and by_through
            group by episode_key, monday
        ), per_episode as (
            select coalesce(s.episode_key, w.episode_key) as episode_key, coalesce(s.positives, 0) as positives,
                   coalesce(s.screens, 0) as screens, coalesce(w.positive_weeks, 0) as positive_weeks, coalesce(w.weeks, 0) as weeks
            from (select episode_key, count(*) filter (where positive) as positives, count(*) as screens
                  from screen where in_period group by episode_key) s
            full join (select episode_key, count(*) filter (where positive) as positive_weeks, count(*) as weeks
                       from week group by episode_key) w on w.episode_key = s.episode_key
        ), unit as (
            select e.program_key, e.patient_key,
                   x.positives as y0, x.screens as n0,
                   (x.positives > 0)::int as y1, (x.screens > 0)::int as n1,
                   x.positive_weeks as y2, x.weeks as n2
            from per_episode x
            join episode e on e.episode_key = x.episode_key
        )
        """, [("positive_screen_per_screen", ""), ("positive_screen_per_patient", ""), ("positive_screen_per_week_tested", "")]);

    public async Task<IReadOnlyList<Figure>> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        var rows = await Sums.ReadAsync(connection, parameters, cancellationToken);
        return [.. rates.ClusteredRatesAndDifferences("positive_screen_per_screen", [.. rows.Where(r => r.Metric == "positive_screen_per_screen")])
            .Concat(rates.ClusteredRatesAndDifferences("positive_screen_per_patient", [.. rows.Where(r => r.Metric == "positive_screen_per_patient")]))
            .Concat(rates.ClusteredRatesAndDifferences("positive_screen_per_week_tested", [.. rows.Where(r => r.Metric == "positive_screen_per_week_tested")]))];
    }
}
