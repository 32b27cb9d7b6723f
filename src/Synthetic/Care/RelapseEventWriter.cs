using Outcomes.Synthetic.Output;

namespace Outcomes.Synthetic.Care;

/// <summary>Writes one row of relapse_events.csv.</summary>
internal static class RelapseEventWriter
{
    public static void Write(DropFiles drop, IdCounters ids, string facilityId, string episodeId, DateOnly date, string kind)
    {
        var r = drop.RelapseEvents;
        r.File.Set(r.Facility, facilityId);
        r.File.SetId(r.Event, 'R', ++ids.Event, 0);
        r.File.Set(r.Episode, episodeId);
        r.File.Set(r.Date, date);
        r.File.Set(r.Kind, kind);
        r.File.EndRow();
    }
}
