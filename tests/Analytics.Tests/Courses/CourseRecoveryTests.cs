using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Analytics.Courses;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Runs.Families;
using Outcomes.Analytics.Suppression;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Synthetic.Cohort;
using Outcomes.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Outcomes.Analytics.Tests.Courses;

/// <summary>
/// IOP against PHP by course of care, against a known answer. The generated cohort's facilities differ both in their
/// dropout (truth/effects.csv) and in how many courses they begin in PHP (here 15%, 30% and 55%, the highest share at
/// the facility with the highest dropout), and PHP admits sicker patients: the crude comparison is confounded twice.
/// truth/courses.csv gives, for every course, the true chance that its intensive care ends unplanned had it begun in
/// IOP and had it begun in PHP (the same patient, from the planted model and pathway), so the true course-level effect
/// of the starting level over the cohort is known exactly and independently of the weighting code.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class CourseRecoveryTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task The_adjusted_course_level_difference_recovers_the_planted_effect_where_the_stay_level_crude_one_does_not()
    {
        var folder = Directory.CreateTempSubdirectory("outcomes-courses-").FullName;
        try
        {
            var shares = new[] { 0.15, 0.30, 0.55 };
            var plain = new CohortOptions { OutputFolder = folder, Facilities = 3, Months = 36, Episodes = 24_000, Seed = 11 };
            var effects = FacilityEffects(plain);
            // The facility with the highest dropout begins the most courses in PHP.
            var ranked = effects.Select((effect, i) => (effect, i)).OrderBy(x => x.effect).Select(x => x.i).ToArray();
            var byFacility = new double[3];
            for (var rank = 0; rank < 3; rank++)
            {
                byFacility[ranked[rank]] = shares[rank];
            }

            var options = new CohortOptions
            {
                OutputFolder = folder, Facilities = 3, Months = 36, Episodes = 24_000, Seed = 11, PhpEntryShares = byFacility,
            };
            var summary = CohortGenerator.Generate(options);
            await new FolderIngestor(database.DataSource, NullLogger.Instance)
                .IngestAsync(summary.DropFolder, new IngestOptions { Today = options.EndDate });

            // Courses begun in the twelve months ending eight months before the data end: every one followed for its
            // whole window, and sixteen months of data before them, longer than any course.
            var cohort = ReportingPeriod.TrailingYear(options.EndDate.AddMonths(-8));
            IReadOnlyList<CourseOfCare> courses;
            await using (var connection = await database.DataSource.OpenConnectionAsync())
            {
                // The courses read the period's episodes as a period's analysis copies them on its connection.
                await PeriodEpisodes.CopyAsync(connection, PeriodParameters.For(cohort, null, options.EndDate, OutcomeDefinitions.DefaultEarlyDropoutDays), default);
                courses = await CourseCohort.LoadAsync(connection, cohort.Start, cohort.End, options.EndDate, null, default);
            }

            var figures = CourseComparison.Figures(courses).ToList();
            var adjusted = figures.Single(f => f is { Metric: "course_dropout_adjusted", FacilityId: Figure.All });
            var crudeCourse = figures.Single(f => f is { Metric: "course_dropout", FacilityId: Figure.All, LevelOfCare: Figure.IopMinusPhp });
            var run = await new PeriodAnalysis(database.DataSource, new SmallCellPolicy()).RunAsync(cohort, null, options.EndDate);
            var crudeStay = run.Find("dropout", Figure.All, Figure.IopMinusPhp).Single();
            var truth = TrueCourseDifference(summary.TruthFolder, cohort);
            output.WriteLine(FormattableString.Invariant(
                $"truth {truth:F4}; adjusted by course {adjusted.Estimate:F4} ({adjusted.LowerBound:F4} to {adjusted.UpperBound:F4}); crude by course {crudeCourse.Estimate:F4}; crude by stay {crudeStay.Estimate:F4} ({crudeStay.LowerBound:F4} to {crudeStay.UpperBound:F4}); {courses.Sum(c => c.Count)} courses; {adjusted.Note}"));

            Assert.InRange(truth, adjusted.LowerBound!.Value, adjusted.UpperBound!.Value);
            Assert.InRange(adjusted.Estimate!.Value - truth, -0.03, 0.03);
            Assert.False(crudeStay.LowerBound <= truth && truth <= crudeStay.UpperBound, "the stay-level crude difference should miss the course-level truth");
            var evalue = figures.Single(f => f is { Metric: "course_dropout_adjusted_evalue", FacilityId: Figure.All });
            Assert.True(evalue.Estimate > 1 && evalue.LowerBound >= 1 && evalue.LowerBound <= evalue.Estimate, $"E-value {evalue.Estimate} ({evalue.LowerBound})");
            Assert.Contains(figures, f => f is { Metric: "course_standardised_difference_weighted", FacilityId: Figure.All } && f.Grouping.StartsWith("facility ", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The facilities' planted dropout effects, in facility order, from a tiny cohort of the same seed (they depend on the seed alone).</summary>
    private static double[] FacilityEffects(CohortOptions options)
    {
        var folder = Directory.CreateTempSubdirectory("outcomes-courses-effects-").FullName;
        try
        {
            var summary = CohortGenerator.Generate(new CohortOptions
            {
                OutputFolder = folder, Facilities = options.Facilities, Months = 1, Episodes = 10, Seed = options.Seed,
            });
            return [.. File.ReadAllLines(Path.Combine(summary.TruthFolder, "effects.csv")).Select(l => l.Split(','))
                .Where(c => c[0] == "unplanned_discharge" && c[1].StartsWith("facility:", StringComparison.Ordinal))
                .Select(c => double.Parse(c[2], CultureInfo.InvariantCulture))];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The mean over the cohort's courses of the true chance of an unplanned end begun in IOP minus begun in PHP.</summary>
    private static double TrueCourseDifference(string truthFolder, ReportingPeriod cohort)
    {
        var lines = File.ReadAllLines(Path.Combine(truthFolder, "courses.csv"));
        var column = lines[0].Split(',').Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
        return lines.Skip(1).Select(l => l.Split(','))
            .Where(f => DateOnly.Parse(f[column["admission_date"]], CultureInfo.InvariantCulture) is var admitted && admitted >= cohort.Start && admitted <= cohort.End)
            .Average(f => double.Parse(f[column["true_dropout_if_iop"]], CultureInfo.InvariantCulture) - double.Parse(f[column["true_dropout_if_php"]], CultureInfo.InvariantCulture));
    }
}
