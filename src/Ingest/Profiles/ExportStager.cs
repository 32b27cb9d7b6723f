using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Csv;
using Outcomes.Ingest.Loading;
using Outcomes.Ingest.Validation;

namespace Outcomes.Ingest.Profiles;

/// <summary>
/// Turns a folder of a center's exports into contract CSV files in a staging folder, as its profile says: columns
/// renamed, codes mapped, dates and numbers rewritten, wide attendance columns turned into rows, ignored rows left
/// out. A row the profile cannot map is staged as a placeholder carrying its reason, so that it is counted and
/// quarantined by the same load as the rest. Messages name export columns and contract fields, never a value.
/// </summary>
internal static class ExportStager
{
    private const int MaxRawChars = 10_000;

    public static StagingResult Stage(LoadedProfile profile, string folder, string stagingFolder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The export folder '{folder}' does not exist.");
        }

        return Stage(profile, [.. Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal)], stagingFolder);
    }

    /// <summary>Stages just these exports (a pull's settled files), in the order given; a name no export matches is ignored.</summary>
    public static StagingResult Stage(LoadedProfile profile, IReadOnlyList<string> paths, string stagingFolder)
    {
        Directory.CreateDirectory(stagingFolder);
        var staged = new List<StagedFile>();
        var rejected = new List<(string, string)>();
        var ignoredFiles = new List<string>();
        var ignoredRows = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var name = Path.GetFileName(path);
            var export = profile.Exports.FirstOrDefault(e => e.FileName.IsMatch(name));
            if (export is null)
            {
                ignoredFiles.Add(name);
                continue;
            }

            try
            {
                var (files, ignored) = StageExport(profile, export, path, stagingFolder, staged.Count);
                staged.AddRange(files);
                ignoredRows[name] = ignored;
            }
            catch (FileRejectedException ex)
            {
                rejected.Add((name, ex.Message));
            }
        }

        return new StagingResult([.. staged.OrderBy(f => f.Entity.LoadOrder)], rejected, ignoredFiles, ignoredRows);
    }

    private static (IReadOnlyList<StagedFile> Files, int IgnoredRows) StageExport(
        LoadedProfile profile, CompiledExport export, string path, string stagingFolder, int filesSoFar)
    {
        // Only a regular file is opened (a pipe or device named like an export is refused, not waited on), and it is
        // read once, as a stream: the hash recorded is of the bytes that were mapped.
        using var file = RegularFile.Open(path, out var refusal) ?? throw new FileRejectedException(null, refusal!);
        var hashing = new HashingStream(file.Stream);
        ContractCsvReader? opened;
        try
        {
            opened = ContractCsvReader.Open(hashing, export.Spec.Delimiter[0]);
        }
        catch (Exception ex) when (ex is OtherEncodingException or MixedLineEndsException or Sylvan.Data.Csv.CsvFormatException)
        {
            throw new FileRejectedException(null, $"the export's header cannot be read ({ex.GetType().Name}); expected a UTF-8 CSV file with a header row");
        }

        using var reader = opened ?? throw new FileRejectedException(null, "the export is empty; expected a header row naming its columns");
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < reader.Header.Count; i++)
        {
            columns.TryAdd(reader.Header[i], i);
        }

        var ignoreRules = export.Spec.IgnoreRows
            .Select(r => (Column: Require(columns, r.Column, "ignoreRows"), Values: r.EqualsAny.Select(v => v.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase)))
            .ToList();
        var writers = export.Outputs.Select((o, k) => new OutputWriter(
            o, columns, reader.Header, Path.Combine(stagingFolder, $"{o.Entity.Name}_{filesSoFar + k + 1:D3}.csv"))).ToList();

        var ignored = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.IsBlank)
                {
                    continue;
                }

                var raw = reader.RawRecord.Length <= MaxRawChars ? reader.RawRecord.ToString() : reader.RawRecord[..MaxRawChars].ToString() + "… (truncated)";
                if (reader.FieldCount != reader.Header.Count)
                {
                    foreach (var writer in writers)
                    {
                        writer.WriteIssue(reader.LineNumber, new RowIssue(null,
                            $"the export row has {reader.FieldCount} fields but its header has {reader.Header.Count}; a delimiter inside a value needs the value in double quotes"), raw);
                    }

                    continue;
                }

                var cells = new string[reader.Header.Count];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = reader.Field(i).Trim().ToString();
                }

                if (ignoreRules.Any(r => r.Values.Contains(cells[r.Column])))
                {
                    ignored++;
                    continue;
                }

                foreach (var writer in writers)
                {
                    writer.Write(reader.LineNumber, cells, raw, profile, export.Spec);
                }
            }
        }
        catch (Exception ex) when (ex is MixedLineEndsException or Sylvan.Data.Csv.CsvFormatException or Sylvan.Data.Csv.CsvRecordTooLargeException)
        {
            foreach (var writer in writers)
            {
                writer.Dispose();
            }

            throw new FileRejectedException(null,
                $"the export cannot be read past line {reader.NextLineNumber} (a malformed quote, mixed line ends or an overlong record); nothing of it was loaded");
        }

        var sha256 = hashing.Finish();
        if (!file.Unchanged())
        {
            foreach (var writer in writers)
            {
                writer.Dispose();
            }

            throw FileRejectedException.ChangedWhileRead();
        }

        var files = new List<StagedFile>();
        foreach (var writer in writers)
        {
            writer.Dispose();
            files.Add(new StagedFile(writer.Path, writer.Output.Entity, new StagedOrigin
            {
                SourceFileName = Path.GetFileName(path),
                SourceSha256 = sha256,
                Profile = profile.Name,
                ProfileSha256 = profile.Sha256,
                SourceLines = writer.SourceLines,
                MappingIssues = writer.Issues,
            }));
        }

        return (files, ignored);
    }

    private static int Require(Dictionary<string, int> columns, string column, string usedFor) =>
        columns.TryGetValue(column, out var index)
            ? index
            : throw new FileRejectedException(null, $"the export's header lacks column {column}, which the profile's {usedFor} names; nothing of the export was loaded");

    /// <summary>Writes one contract file from an export, remembering the export line behind each staged line.</summary>
    private sealed class OutputWriter : IDisposable
    {
        private static readonly Regex Placeholder = new("\\{([^{}]+)\\}", RegexOptions.CultureInvariant);

        private readonly StreamWriter _writer;
        private readonly (FieldDefinition Field, FieldSpec? Spec, int Column, string? Source)[] _fields;
        private readonly (int Column, int N)[] _wideColumns;
        private readonly Dictionary<string, int> _columns;
        private readonly HashSet<string>? _seen;
        private readonly List<int> _sourceLines = [0, 1];
        private readonly Dictionary<int, (RowIssue, string)> _issues = [];
        private readonly StringBuilder _line = new();

        public OutputWriter(CompiledOutput output, Dictionary<string, int> columns, IReadOnlyList<string> header, string path)
        {
            Output = output;
            Path = path;
            _columns = columns;
            _seen = output.Spec.Distinct ? new HashSet<string>(StringComparer.Ordinal) : null;
            _fields = [.. output.Entity.Fields.Select(f =>
            {
                var spec = output.Spec.Fields.GetValueOrDefault(f.Name);
                var column = spec?.Column is { } name ? Require(columns, name, $"{output.Entity.Name} field {f.Name}") : -1;
                if (spec?.Template is { } template)
                {
                    foreach (Match m in Placeholder.Matches(template))
                    {
                        if (m.Groups[1].Value != "n" || output.WideColumns is null)
                        {
                            Require(columns, m.Groups[1].Value, $"{output.Entity.Name} field {f.Name} template");
                        }
                    }
                }

                var source = spec switch
                {
                    { Column: { } c } => $"export column {c}",
                    { Cell: true } => "the wide column's cell",
                    { Template: not null } => "its template",
                    _ => null,
                };
                return (f, spec, column, source);
            })];
            _wideColumns = output.WideColumns is { } wide
                ? [.. header.Select((h, i) => (Match: wide.Match(h), Column: i))
                    .Where(x => x.Match.Success && int.TryParse(x.Match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    .Select(x => (x.Column, int.Parse(x.Match.Groups["n"].Value, CultureInfo.InvariantCulture)))]
                : [];
            if (output.WideColumns is not null && _wideColumns.Length == 0)
            {
                throw new FileRejectedException(null, $"no column of the export's header matches the profile's wide columns for {output.Entity.Name}; nothing of the export was loaded");
            }

            _writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
            _writer.WriteLine(string.Join(",", output.Entity.Fields.Select(f => f.Name)));
        }

        public CompiledOutput Output { get; }

        public string Path { get; }

        public IReadOnlyList<int> SourceLines => _sourceLines;

        public IReadOnlyDictionary<int, (RowIssue Issue, string Raw)> Issues => _issues;

        public void Write(int line, string[] cells, string raw, LoadedProfile profile, ExportSpec export)
        {
            if (_wideColumns.Length == 0)
            {
                WriteRow(line, cells, raw, profile, export, cell: null, n: 0);
                return;
            }

            foreach (var (column, n) in _wideColumns)
            {
                if (cells[column].Length == 0 && Output.Spec.Unpivot!.SkipEmpty)
                {
                    continue;
                }

                WriteRow(line, cells, raw, profile, export, cells[column], n);
            }
        }

        public void WriteIssue(int line, RowIssue issue, string raw)
        {
            _issues[_sourceLines.Count] = (issue, raw);
            _sourceLines.Add(line);

            // A placeholder: the load reads it as a row and quarantines it with the reason above.
            _writer.WriteLine(new string(',', _fields.Length - 1));
        }

        public void Dispose() => _writer.Dispose();

        private void WriteRow(int line, string[] cells, string raw, LoadedProfile profile, ExportSpec export, string? cell, int n)
        {
            _line.Clear();
            for (var i = 0; i < _fields.Length; i++)
            {
                var (field, spec, column, source) = _fields[i];
                string value;
                if (i == 0)
                {
                    value = profile.Document.Facility;
                }
                else if (spec is null)
                {
                    value = "";
                }
                else
                {
                    var text = spec.Value ?? (spec.Cell ? cell! : column >= 0 ? cells[column] : Fill(spec.Template!, cells, n));
                    var problem = Convert(spec, field, source, text, profile, export, n, out value);
                    if (problem is not null)
                    {
                        WriteIssue(line, new RowIssue(field.Name, $"{field.Name}: {problem}"), raw);
                        return;
                    }
                }

                if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
                {
                    WriteIssue(line, new RowIssue(field.Name, $"{field.Name}: {source ?? "the value"} holds a line break; expected one line"), raw);
                    return;
                }

                if (i > 0)
                {
                    _line.Append(',');
                }

                _line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }

            var text2 = _line.ToString();
            if (_seen is not null && !_seen.Add(text2))
            {
                return;
            }

            _sourceLines.Add(line);
            _writer.WriteLine(text2);
        }

        private string Fill(string template, string[] cells, int n) =>
            Placeholder.Replace(template, m => m.Groups[1].Value == "n" && Output.WideColumns is not null
                ? n.ToString(CultureInfo.InvariantCulture)
                : cells[_columns[m.Groups[1].Value]]);

        /// <summary>The contract value of one field, or why the export's value cannot become one (never the value itself).</summary>
        private static string? Convert(
            FieldSpec spec, FieldDefinition field, string? source, string text, LoadedProfile profile, ExportSpec export, int n, out string value)
        {
            value = text;
            if (spec.Value is not null)
            {
                return null;
            }

            if (spec.Map is { } map)
            {
                var hit = map.FirstOrDefault(m => string.Equals(m.Key.Trim(), text, StringComparison.OrdinalIgnoreCase));
                if (hit.Key is not null)
                {
                    value = hit.Value;
                }
                else if (text.Length > 0)
                {
                    if (spec.Otherwise is null)
                    {
                        return $"{source} holds a code the profile does not map; expected one of {string.Join(", ", map.Keys)}";
                    }

                    value = spec.Otherwise;
                }

                return null;
            }

            if (text.Length == 0)
            {
                return null;
            }

            switch (field.Kind)
            {
                case FieldKind.Date:
                {
                    var format = spec.DateFormat ?? export.DateFormat;
                    DateOnly day;
                    if (format.Contains('K') || format.Contains('z'))
                    {
                        if (!DateTimeOffset.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
                        {
                            return $"{source} is not a timestamp in the form {format}";
                        }

                        day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, profile.TimeZone).DateTime);
                    }
                    else if (DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                    {
                        day = DateOnly.FromDateTime(local);
                    }
                    else
                    {
                        return $"{source} is not a date in the form {format}";
                    }

                    if (spec.WeekOffset)
                    {
                        day = day.AddDays(7 * (n - 1));
                    }

                    value = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    return null;
                }

                case FieldKind.Integer or FieldKind.Decimal:
                {
                    var number = export.DecimalSeparator == "," ? text.Replace(',', '.') : text;
                    if (spec.Scale is not { } scale)
                    {
                        value = number;
                        return null;
                    }

                    if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                    {
                        return $"{source} is not a number with {export.DecimalSeparator} as its decimal separator";
                    }

                    value = Math.Round(parsed * scale, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture);
                    return null;
                }

                default:
                    return null;
            }
        }
    }
}
