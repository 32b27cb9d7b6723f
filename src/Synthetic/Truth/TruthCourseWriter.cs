using System.Globalization;
using System.Text;
using Outcomes.Synthetic.Clinical;
using Outcomes.Synthetic.Output;

namespace Outcomes.Synthetic.Truth;

/// <summary>
/// truth/courses.csv: for every course of care (a PHP or IOP admission and the step-downs that follow it), the level it
/// began in and the true chance that its intensive care (PHP, then IOP) ends in an unplanned discharge had it begun in
/// IOP and had it begun in PHP, the same patient either way (<see cref="CourseDropout"/>). The mean difference of the
/// two over a cohort of courses is the course-level effect of the starting level an analysis should recover.
/// </summary>
internal sealed class TruthCourseWriter : IDisposable
{
    public const string FileName = "courses.csv";

    public static readonly IReadOnlyList<string> Columns =
    [
        "facility_id", "first_episode_id", "entry_level_of_care", "admission_date", "true_dropout_if_iop", "true_dropout_if_php",
    ];

    private readonly StreamWriter _writer;

    public TruthCourseWriter(string folder)
    {
        _writer = new StreamWriter(Path.Combine(folder, FileName), false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        _writer.Write(string.Join(',', Columns));
        _writer.Write('\n');
    }

    public void Write(string facilityId, string firstEpisodeId, CareLevel entry, DateOnly admission, double ifIop, double ifPhp) =>
        _writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"{facilityId},{firstEpisodeId},{LevelProfiles.For(entry).LevelOfCare},{Dates.Text(admission)},{ifIop:0.000000},{ifPhp:0.000000}\n"));

    public void Dispose() => _writer.Dispose();
}
