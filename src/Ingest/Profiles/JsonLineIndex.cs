using System.Text;
using System.Text.Json;

namespace Outcomes.Ingest.Profiles;

/// <summary>
/// The line each member and array element of a JSON document starts on, by path ("$.exports[0].produces[1].fields.status"),
/// so that checks made after deserialising can point at the line as the parser's own errors do.
/// </summary>
internal sealed class JsonLineIndex
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    private JsonLineIndex()
    {
    }

    public static JsonLineIndex Build(byte[] json)
    {
        var index = new JsonLineIndex();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
        var path = new List<string>();
        var arrayCounters = new Stack<int>();
        var containers = new Stack<bool>(); // true: array
        var line = 1;
        var scanned = 0;
        string? pendingName = null;

        int LineAt(long position)
        {
            for (; scanned < position; scanned++)
            {
                if (json[scanned] == (byte)'\n')
                {
                    line++;
                }
            }

            return line;
        }

        void ValueStarts(long start)
        {
            if (containers.Count > 0 && containers.Peek())
            {
                var i = arrayCounters.Pop();
                arrayCounters.Push(i + 1);
                path.Add($"[{i}]");
                index._lines.TryAdd(Join(path), LineAt(start));
            }
            else if (pendingName is not null)
            {
                path.Add("." + pendingName);
                pendingName = null;
            }
        }

        void ValueEnds()
        {
            if (path.Count > 0)
            {
                path.RemoveAt(path.Count - 1);
            }
        }

        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pendingName = reader.GetString();
                    index._lines.TryAdd(Join(path) + "." + pendingName, LineAt(reader.TokenStartIndex));
                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    var root = containers.Count == 0;
                    if (!root)
                    {
                        ValueStarts(reader.TokenStartIndex);
                    }

                    containers.Push(reader.TokenType == JsonTokenType.StartArray);
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        arrayCounters.Push(0);
                    }

                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    if (containers.Pop())
                    {
                        arrayCounters.Pop();
                    }

                    if (containers.Count > 0)
                    {
                        ValueEnds();
                    }

                    break;
                default:
                    ValueStarts(reader.TokenStartIndex);
                    ValueEnds();
                    break;
            }
        }

        return index;
    }

    /// <summary>The line of the path, or of its nearest enclosing member that has one.</summary>
    public int LineOf(string path)
    {
        while (true)
        {
            if (_lines.TryGetValue(path, out var line))
            {
                return line;
            }

            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 1)
            {
                return 1;
            }

            path = path[..cut];
        }
    }

    private static string Join(List<string> path)
    {
        var text = new StringBuilder("$");
        foreach (var part in path)
        {
            text.Append(part);
        }

        return text.ToString();
    }
}
