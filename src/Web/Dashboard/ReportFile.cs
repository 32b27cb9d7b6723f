namespace Outcomes.Web.Dashboard;

/// <summary>
/// A file the report jobs wrote into the reports folder, as <see cref="ReportFiles"/> listed it: the population whose
/// folder holds it, its name (what a download link carries), its kind in words and where it is (never from a request).
/// </summary>
internal sealed record ReportFile(string Population, string Name, string Kind, string FullPath, long Bytes)
{
    public string ContentType => Path.GetExtension(Name) switch
    {
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".zip" => "application/zip",
        ".html" => "text/html; charset=utf-8",
        _ => "application/octet-stream",
    };
}
