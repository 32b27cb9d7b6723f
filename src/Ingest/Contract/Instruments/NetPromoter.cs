namespace Outcomes.Ingest.Contract.Instruments;

/// <summary>
/// The net-promoter question ("How likely are you to recommend ... to a friend or family member?"), answered 0-10:
/// 9 and 10 are promoters, 0 to 6 detractors (Reichheld FF. The one number you need to grow. Harv Bus Rev
/// 2003;81(12):46-54). surveys.csv carries the answer beside the survey's score.
/// </summary>
public static class NetPromoter
{
    public const int Min = 0;

    public const int Max = 10;

    public const int PromoterFrom = 9;

    public const int DetractorUpTo = 6;
}
