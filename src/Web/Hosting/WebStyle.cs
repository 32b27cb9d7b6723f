namespace Outcomes.Web.Hosting;

/// <summary>The pages' one style sheet, served from memory (the pages allow no inline style: Content-Security-Policy).</summary>
internal static class WebStyle
{
    public const string Css = """
        :root { font-family: "DejaVu Sans", Verdana, sans-serif; color: #1a1a1a; background: #fff; }
        body { margin: 0; font-size: 15px; line-height: 1.4; }
        header { display: flex; align-items: center; justify-content: space-between; gap: 1rem; padding: .6rem 1.2rem; background: #12355b; color: #fff; }
        header h1 { font-size: 1.15rem; margin: 0; }
        header form { margin: 0; }
        header .who { font-size: .9rem; }
        header nav a { color: #fff; margin-right: .9rem; }
        header nav a[aria-current="page"] { font-weight: bold; text-decoration: none; }
        main { padding: 1rem 1.2rem; }
        a { color: #0b4f9c; }
        a:focus, button:focus, select:focus, input:focus, textarea:focus, summary:focus { outline: 3px solid #f2a900; outline-offset: 1px; }
        button { font: inherit; padding: .3rem .8rem; border: 1px solid #12355b; border-radius: 3px; background: #12355b; color: #fff; cursor: pointer; }
        button.secondary { background: #fff; color: #12355b; }
        header button { background: #fff; color: #12355b; }
        label { display: inline-block; margin-right: .6rem; }
        select, input, textarea { font: inherit; padding: .2rem .3rem; border: 1px solid #595959; border-radius: 3px; }
        .filters { display: flex; flex-wrap: wrap; align-items: end; gap: .6rem; margin-bottom: 1rem; }
        .filters label { display: flex; flex-direction: column; font-size: .85rem; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; vertical-align: top; padding: .45rem .5rem; border-bottom: 1px solid #c8c8c8; }
        th { background: #eef2f7; font-size: .85rem; }
        td.number { text-align: right; white-space: nowrap; }
        td.day, td.counsellor { white-space: nowrap; }
        .risk { font-weight: bold; }
        ul.reasons { margin: 0; padding-left: 1.1rem; }
        .raises { color: #8a1c1c; }
        .lowers { color: #1d5e20; }
        .suggested { font-weight: bold; }
        .status { white-space: nowrap; }
        details { margin-top: .2rem; }
        details form { margin: .4rem 0; padding: .4rem; border: 1px solid #c8c8c8; border-radius: 3px; }
        details form p { margin: .2rem 0 .4rem; }
        .message { padding: .5rem .8rem; border-left: 4px solid #1d5e20; background: #eef7ee; margin-bottom: 1rem; }
        .error { padding: .5rem .8rem; border-left: 4px solid #8a1c1c; background: #fbeeee; margin-bottom: 1rem; }
        .signin { max-width: 24rem; margin: 3rem auto; }
        .signin label { display: block; margin: .6rem 0; }
        .signin input { width: 100%; box-sizing: border-box; }
        .note { font-size: .85rem; color: #444; }
        td.attendance { white-space: nowrap; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        svg.spark { vertical-align: middle; }
        .spark-count { font-size: .8rem; color: #444; margin-left: .3rem; }
        details.history ol { margin: .3rem 0; padding-left: 1.2rem; white-space: normal; min-width: 16rem; font-size: .85rem; }
        details.show-id { text-align: left; white-space: normal; }
        details.show-id summary { white-space: nowrap; }
        details.show-id form { min-width: 14rem; }
        .confidential { padding: .5rem .8rem; border: 2px solid #8a1c1c; background: #fff8e1; margin-bottom: 1rem; }
        .confidential p { margin: .2rem 0; }
        .source-id { font-family: "DejaVu Sans Mono", monospace; font-weight: bold; }
        nav.pages { margin-bottom: .6rem; }
        nav.views { display: flex; gap: .4rem; border-bottom: 2px solid #12355b; margin-bottom: .8rem; }
        nav.views a { padding: .35rem .8rem; border: 1px solid #c8c8c8; border-bottom: none; border-radius: 3px 3px 0 0; text-decoration: none; }
        nav.views a[aria-current="page"] { background: #12355b; color: #fff; font-weight: bold; border-color: #12355b; }
        svg.recovery { display: block; }
        table.not-on-track td.curve { width: 250px; padding-top: .2rem; padding-bottom: .2rem; }
        table.not-on-track td.change, table.not-on-track td.beyond { min-width: 9rem; }
        details.curves { margin-top: 1.2rem; }
        nav.pager { display: flex; flex-wrap: wrap; align-items: center; gap: 1.2rem; margin: .6rem 0; }
        h3 { margin-top: 1.6rem; }
        th[scope="row"] { background: none; font-size: inherit; white-space: nowrap; }
        .table-scroll { overflow-x: auto; }
        .table-scroll th, .table-scroll td { padding: .3rem .35rem; font-size: .8rem; }
        .table-scroll th[scope="row"] { white-space: normal; min-width: 9rem; }
        /* Numbers keep together by their non-breaking spaces; words in a column of numbers ("not yet estimable") wrap,
           so that the key figures' fifteen columns fit the page. */
        .table-scroll td.number { white-space: normal; }
        """;
}
