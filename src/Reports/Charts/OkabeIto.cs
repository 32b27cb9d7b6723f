using ScottPlot;

namespace Outcomes.Reports.Charts;

/// <summary>
/// The Okabe–Ito palette (Okabe and Ito 2008, "Color Universal Design"), distinguishable with every common form
/// of colour blindness. IOP and PHP keep the same colours in every chart.
/// </summary>
internal static class OkabeIto
{
    public static readonly Color Orange = Color.FromHex("#E69F00");
    public static readonly Color SkyBlue = Color.FromHex("#56B4E9");
    public static readonly Color BluishGreen = Color.FromHex("#009E73");
    public static readonly Color Yellow = Color.FromHex("#F0E442");
    public static readonly Color Blue = Color.FromHex("#0072B2");
    public static readonly Color Vermillion = Color.FromHex("#D55E00");
    public static readonly Color ReddishPurple = Color.FromHex("#CC79A7");
    public static readonly Color Black = Color.FromHex("#000000");

    public static Color Iop => Blue;

    public static Color Php => Vermillion;
}
