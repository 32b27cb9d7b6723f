using ScottPlot;

namespace Outcomes.Reports.Tests.Charts;

/// <summary>
/// Where a rendered chart put each piece of text, from ScottPlot's own layout after the render: every label records the
/// rectangle it was last drawn in (<see cref="LabelStyle.LastRenderPixelRect"/>), the render records the data area, and
/// the legend its size. ScottPlot keeps the rectangle unrotated around the point the text was drawn at, so a rotated
/// label's box is turned about that point here. Tick labels share one style, which keeps the last tick's rectangle: the
/// others are the same text box moved along the axis to their own tick's pixel, each measured with its own text.
/// </summary>
internal static class TextBoxes
{
    /// <summary>One piece of text as a quadrilateral (corners in drawing order) in the figure's pixels.</summary>
    internal sealed record Box(string What, string Text, (double X, double Y)[] Corners)
    {
        public override string ToString() =>
            $"{What} \"{Text.Replace("\n", " / ", StringComparison.Ordinal)}\" at ({Corners.Min(c => c.X):0},{Corners.Min(c => c.Y):0})–({Corners.Max(c => c.X):0},{Corners.Max(c => c.Y):0})";
    }

    /// <summary>Renders <paramref name="plot"/> at the given size and returns the box of every text it drew.</summary>
    public static IReadOnlyList<Box> Of(Plot plot, int width, int height)
    {
        plot.GetImage(width, height);
        var data = plot.RenderManager.LastRender.DataRect;
        var boxes = new List<Box>();
        Add(boxes, "title", plot.Axes.Title.Label, plot.Axes.Title.Label.Text);
        foreach (var axis in plot.Axes.GetAxes())
        {
            Add(boxes, $"{axis.Edge} axis caption", axis.Label, axis.Label.Text);
            boxes.AddRange(Ticks(axis, data));
        }

        foreach (var text in plot.GetPlottables().OfType<ScottPlot.Plottables.Text>().Where(t => t.IsVisible))
        {
            Add(boxes, "text", text.LabelStyle, text.LabelText);
        }

        if (plot.Legend.IsVisible && plot.Legend.LastRenderSize is { Width: > 0, Height: > 0 } size && !float.IsNaN(size.Width))
        {
            var margin = plot.Legend.Margin;
            var left = plot.Legend.Alignment.HorizontalFraction() switch
            {
                0 => data.Left + margin.Left,
                1 => data.Right - margin.Right - size.Width,
                _ => data.HorizontalCenter - (size.Width / 2),
            };
            var top = plot.Legend.Alignment.VerticalFraction() switch
            {
                0 => data.Bottom - margin.Bottom - size.Height,
                1 => data.Top + margin.Top,
                _ => data.VerticalCenter - (size.Height / 2),
            };
            boxes.Add(new Box("legend", string.Join(", ", plot.Legend.GetItems().Select(i => i.LabelText)), Rectangle(left, top, left + size.Width, top + size.Height)));
        }

        return boxes;
    }

    /// <summary>The boxes that reach past the figure's edges (by more than half a pixel), in layout units.</summary>
    public static IReadOnlyList<Box> Outside(IReadOnlyList<Box> boxes, double width, double height) =>
        [.. boxes.Where(b => b.Corners.Any(c => c.X < -0.5 || c.Y < -0.5 || c.X > width + 0.5 || c.Y > height + 0.5))];

    /// <summary>Every pair of boxes that share any area (touching edges do not count).</summary>
    public static IReadOnlyList<(Box A, Box B)> Overlaps(IReadOnlyList<Box> boxes)
    {
        var pairs = new List<(Box, Box)>();
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                if (Intersect(boxes[i].Corners, boxes[j].Corners))
                {
                    pairs.Add((boxes[i], boxes[j]));
                }
            }
        }

        return pairs;
    }

    private static void Add(List<Box> boxes, string what, LabelStyle style, string text)
    {
        if (!style.IsVisible || string.IsNullOrWhiteSpace(text) || style.LastRenderPixelRect is { Width: 0, Height: 0 })
        {
            return;
        }

        var (anchor, own) = Anchor(style, text);
        boxes.Add(new Box(what, text, Turn(own, anchor, style.Rotation)));
    }

    /// <summary>
    /// The point a label was drawn at and its text rectangle there, recovered from its last rectangle: ScottPlot draws the
    /// text's measured rectangle (by its alignment, padded) relative to that point and records it widened by the shadow offset.
    /// </summary>
    private static ((double X, double Y) Anchor, PixelRect Text) Anchor(LabelStyle style, string text)
    {
        var rendered = style.LastRenderPixelRect;
        var local = Measure(style, text).Rect(style.Alignment).Expand(style.PixelPadding);
        var anchor = (X: (double)rendered.Left - local.Left, Y: (double)rendered.Top - local.Top);
        return (anchor, local.WithDelta((float)anchor.X, (float)anchor.Y));
    }

    private static IEnumerable<Box> Ticks(IAxis axis, PixelRect data)
    {
        var style = axis.TickLabelStyle;
        var range = axis.Range;
        var ticks = axis.TickGenerator.Ticks
            .Where(t => !string.IsNullOrWhiteSpace(t.Label) && t.Position >= Math.Min(range.Min, range.Max) && t.Position <= Math.Max(range.Min, range.Max))
            .ToList();
        if (ticks.Count == 0 || !style.IsVisible || style.LastRenderPixelRect is { Width: 0, Height: 0 })
        {
            yield break;
        }

        var (last, _) = Anchor(style, ticks[^1].Label);
        var lastPixel = axis.GetPixel(ticks[^1].Position, data);
        foreach (var tick in ticks)
        {
            var shift = axis.GetPixel(tick.Position, data) - lastPixel;
            var anchor = axis.Edge is Edge.Left or Edge.Right ? (last.X, last.Y + shift) : (last.X + shift, last.Y);
            var local = Measure(style, tick.Label).Rect(style.Alignment).Expand(style.PixelPadding);
            yield return new Box($"{axis.Edge} tick label", tick.Label, Turn(local.WithDelta((float)anchor.Item1, (float)anchor.Item2), anchor, style.Rotation));
        }
    }

    private static MeasuredText Measure(LabelStyle style, string text)
    {
        using var paint = Paint.NewDisposablePaint();
        return style.Measure(text, paint);
    }

    private static (double X, double Y)[] Rectangle(double left, double top, double right, double bottom) =>
        [(left, top), (right, top), (right, bottom), (left, bottom)];

    /// <summary>The rectangle's corners turned clockwise by <paramref name="degrees"/> about <paramref name="anchor"/>, as Skia rotates.</summary>
    private static (double X, double Y)[] Turn(PixelRect rect, (double X, double Y) anchor, double degrees)
    {
        var radians = degrees * Math.PI / 180;
        var (cos, sin) = (Math.Cos(radians), Math.Sin(radians));
        return [.. Rectangle(rect.Left, rect.Top, rect.Right, rect.Bottom).Select(c =>
        {
            var (dx, dy) = (c.X - anchor.X, c.Y - anchor.Y);
            return (anchor.X + (dx * cos) - (dy * sin), anchor.Y + (dx * sin) + (dy * cos));
        })];
    }

    /// <summary>Separating-axis test for two convex quadrilaterals, with half a pixel of tolerance.</summary>
    private static bool Intersect((double X, double Y)[] a, (double X, double Y)[] b)
    {
        foreach (var polygon in new[] { a, b })
        {
            for (var i = 0; i < polygon.Length; i++)
            {
                var (x1, y1) = polygon[i];
                var (x2, y2) = polygon[(i + 1) % polygon.Length];
                var (nx, ny) = (y2 - y1, x1 - x2);
                var length = Math.Sqrt((nx * nx) + (ny * ny));
                if (length == 0)
                {
                    continue;
                }

                var (minA, maxA) = Project(a, nx / length, ny / length);
                var (minB, maxB) = Project(b, nx / length, ny / length);
                if (maxA <= minB + 0.5 || maxB <= minA + 0.5)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static (double Min, double Max) Project((double X, double Y)[] polygon, double nx, double ny)
    {
        var values = polygon.Select(p => (p.X * nx) + (p.Y * ny)).ToList();
        return (values.Min(), values.Max());
    }
}
