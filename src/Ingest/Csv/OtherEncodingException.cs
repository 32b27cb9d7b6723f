namespace Outcomes.Ingest.Csv;

/// <summary>The file starts with the byte-order mark of an encoding other than UTF-8.</summary>
internal sealed class OtherEncodingException(string encoding)
    : Exception($"the file is saved as {encoding} (it starts with a {encoding} byte-order mark); expected UTF-8: save or export it as UTF-8 and send it again")
{
    public string Encoding { get; } = encoding;
}
