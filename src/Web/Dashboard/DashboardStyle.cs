namespace Outcomes.Web.Dashboard;

/// <summary>The dashboard page's own style sheet, beside the pages' one (no inline style: Content-Security-Policy).</summary>
internal static class DashboardStyle
{
    public const string Css = """
        h2 { font-size: 1.3rem; margin: .2rem 0 .8rem; }
        h3 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; border-bottom: 2px solid #12355b; padding-bottom: .2rem; }
        h4 { font-size: .95rem; margin: 1rem 0 .3rem; }
        .disclosure { font-weight: bold; color: #8a1c1c; }
        .table-scroll { overflow-x: auto; margin-bottom: .4rem; }
        .table-scroll table { font-size: .78rem; }
        .table-scroll caption { text-align: left; font-weight: bold; padding: .3rem 0; }
        .table-scroll th.number, .table-scroll td.number { text-align: right; }
        .table-scroll thead th { vertical-align: bottom; }
        .table-scroll thead th.number { white-space: normal; min-width: 3.8rem; max-width: 5.5rem; }
        .table-scroll tbody th { font-weight: normal; background: none; font-size: inherit; text-align: left; min-width: 7rem; }
        .table-scroll tbody td:first-of-type { white-space: nowrap; }
        .table-scroll td.words { min-width: 7rem; }
        .table-scroll th, .table-scroll td { padding: .3rem .3rem; }
        td.missed { background: #fbe3d6; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .panels { display: flex; flex-wrap: wrap; gap: .6rem; }
        figure.panel { margin: 0; width: 312px; }
        figure.panel img { display: block; width: 100%; height: auto; border: 1px solid #c8c8c8; }
        figure.panel figcaption { font-size: .8rem; color: #444; }
        img.trends { max-width: 100%; height: auto; border: 1px solid #c8c8c8; }
        ul.downloads li { margin: .3rem 0; }
        details.targets { margin-top: .6rem; }
        details.targets > summary { font-weight: bold; }
        """;
}
