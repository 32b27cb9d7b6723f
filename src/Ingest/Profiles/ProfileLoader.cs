using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Outcomes.Ingest.Contract;

namespace Outcomes.Ingest.Profiles;

/// <summary>
/// Reads a source profile (JSON) and checks it whole before anything is read with it: an unknown or missing member,
/// a value of the wrong kind, a contract file or column that does not exist, a required column left unmapped, an
/// unknown time zone or a bad format is refused with the file's line and the member's path.
/// </summary>
public static class ProfileLoader
{
    private const int MaxProfileBytes = 1 << 20;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
        NumberHandling = JsonNumberHandling.Strict,

        // A member written twice (two mappings of one column) would otherwise keep the last one without a word.
        AllowDuplicateProperties = false,
    };

    public static LoadedProfile Load(string path)
    {
        var fileName = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new ProfileException($"{fileName}: the profile file does not exist");
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length > MaxProfileBytes)
        {
            throw new ProfileException($"{fileName}: {bytes.Length:N0} bytes; a profile is at most {MaxProfileBytes:N0} bytes");
        }

        return Parse(fileName, bytes);
    }

    internal static LoadedProfile Parse(string fileName, byte[] bytes)
    {
        SourceProfile? document;
        try
        {
            document = JsonSerializer.Deserialize<SourceProfile>(bytes, Options);
        }
        catch (JsonException ex)
        {
            throw new ProfileException($"{fileName} line {(ex.LineNumber ?? 0) + 1}, {ex.Path ?? "$"}: {Reason(ex)}");
        }

        if (document is null)
        {
            throw new ProfileException($"{fileName} line 1, $: expected an object, found null");
        }

        var lines = JsonLineIndex.Build(bytes);
        var problems = new List<(string Path, string Problem)>();
        var checker = new ProfileChecks(problems);
        var (timeZone, exports) = checker.Check(document);
        if (problems.Count > 0)
        {
            throw new ProfileException(string.Join(Environment.NewLine,
                problems.Select(p => $"{fileName} line {lines.LineOf(p.Path)}, {p.Path}: {p.Problem}")));
        }

        return new LoadedProfile(document, fileName, Convert.ToHexStringLower(SHA256.HashData(bytes)), timeZone!, exports);
    }

    /// <summary>The parser's reason without .NET type names or the position (given apart).</summary>
    private static string Reason(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var name = Regex.Match(message, "property '([^']*)'").Groups[1].Value;
            return $"unknown member '{name}'; see docs/source-profiles.md for the members a profile may have";
        }

        if (message.StartsWith("Duplicate", StringComparison.Ordinal))
        {
            // The message names a member twice over but a dictionary key not at all; the path ends with either.
            var name = ex.Path is { } path && path.LastIndexOf('.') is var dot and >= 0 ? path[(dot + 1)..] : Regex.Match(message, "'([^']*)'").Groups[1].Value;
            return $"member '{name}' is written twice; keep one";
        }

        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var names = Regex.Matches(message, "'([^']*)'").Select(m => m.Groups[1].Value).Where(n => !n.Contains('.')).ToList();
            return $"lacks required member{(names.Count > 1 ? "s" : "")} {string.Join(", ", names)}";
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal) || message.Contains("null", StringComparison.Ordinal))
        {
            return "a value of the wrong kind here (text, number, true/false, list or object as docs/source-profiles.md shows)";
        }

        return string.Create(CultureInfo.InvariantCulture, $"not valid JSON ({message.TrimEnd('.')})");
    }

    /// <summary>The checks deserialising cannot make, collected so that one run names every problem.</summary>
    private sealed class ProfileChecks(List<(string Path, string Problem)> problems)
    {
        private static readonly DateOnly FormatProbe = new(2026, 12, 31);

        public (TimeZoneInfo? TimeZone, IReadOnlyList<CompiledExport> Exports) Check(SourceProfile profile)
        {
            if (string.IsNullOrWhiteSpace(profile.Profile))
            {
                problems.Add(("$.profile", "is empty; expected a short name for the source"));
            }

            if (string.IsNullOrWhiteSpace(profile.Facility) || profile.Facility.Any(char.IsWhiteSpace))
            {
                problems.Add(("$.facility", "expected the facility_id rows of this source load under (no spaces)"));
            }

            TimeZoneInfo? timeZone = null;
            try
            {
                timeZone = TimeZoneInfo.FindSystemTimeZoneById(profile.TimeZone);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
            {
                problems.Add(("$.timeZone", "is not a time zone this machine knows; expected an IANA name such as America/Chicago"));
            }

            if (profile.Exports.Count == 0)
            {
                problems.Add(("$.exports", "is empty; expected at least one export file"));
            }

            var exports = new List<CompiledExport>();
            for (var e = 0; e < profile.Exports.Count; e++)
            {
                exports.Add(CheckExport(profile.Exports[e], $"$.exports[{e}]"));
            }

            return (timeZone, exports);
        }

        private CompiledExport CheckExport(ExportSpec export, string at)
        {
            if (string.IsNullOrWhiteSpace(export.File) || export.File.IndexOfAny(['/', '\\']) >= 0)
            {
                problems.Add(($"{at}.file", "expected a file name (with * for any run of characters), no folder"));
            }

            if (export.Delimiter.Length != 1 || export.Delimiter[0] is '"' or '\r' or '\n')
            {
                problems.Add(($"{at}.delimiter", "expected one character other than a quote or a line break, e.g. \",\" or \";\" or \"|\""));
            }

            if (export.DecimalSeparator is not ("." or ","))
            {
                problems.Add(($"{at}.decimalSeparator", "expected \".\" or \",\""));
            }

            CheckDateFormat(export.DateFormat, $"{at}.dateFormat");
            for (var i = 0; i < export.IgnoreRows.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(export.IgnoreRows[i].Column) || export.IgnoreRows[i].EqualsAny.Count == 0)
                {
                    problems.Add(($"{at}.ignoreRows[{i}]", "expected a column and at least one value in equals"));
                }
            }

            if (export.Produces.Count == 0)
            {
                problems.Add(($"{at}.produces", "is empty; expected at least one contract file"));
            }

            var outputs = new List<CompiledOutput>();
            for (var o = 0; o < export.Produces.Count; o++)
            {
                if (CheckOutput(export.Produces[o], $"{at}.produces[{o}]") is { } output)
                {
                    outputs.Add(output);
                }
            }

            var pattern = "^" + Regex.Escape(export.File ?? "").Replace("\\*", ".*", StringComparison.Ordinal) + "$";
            return new CompiledExport(export, new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), outputs);
        }

        private CompiledOutput? CheckOutput(OutputSpec output, string at)
        {
            var entity = DataContract.Files.FirstOrDefault(f => f.Name == output.Contract);
            if (entity is null)
            {
                problems.Add(($"{at}.contract", $"is not a contract file; expected one of {string.Join(", ", DataContract.Files.Select(f => f.Name))}"));
                return null;
            }

            Regex? wide = null;
            if (output.Unpivot is { } unpivot)
            {
                try
                {
                    wide = new Regex(unpivot.Columns, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                    if (!wide.GetGroupNames().Contains("n"))
                    {
                        problems.Add(($"{at}.unpivot.columns", "has no named group n; expected e.g. ^Wk(?<n>[0-9]+)_Hrs$"));
                    }
                }
                catch (ArgumentException)
                {
                    problems.Add(($"{at}.unpivot.columns", "is not a valid regular expression; expected e.g. ^Wk(?<n>[0-9]+)_Hrs$"));
                }
            }

            foreach (var (name, spec) in output.Fields)
            {
                var fieldAt = $"{at}.fields.{name}";
                var field = entity.Fields.FirstOrDefault(f => f.Name == name);
                if (field is null || name == "facility_id")
                {
                    problems.Add((fieldAt, field is null
                        ? $"is not a column of {entity.Name}.csv; expected one of {string.Join(", ", entity.Fields.Skip(1).Select(f => f.Name))}"
                        : "comes from the profile's facility; leave it out"));
                    continue;
                }

                CheckField(spec, field, output.Unpivot is not null, fieldAt);
            }

            var missing = entity.Fields.Skip(1).Where(f => f.Required && !output.Fields.ContainsKey(f.Name)).Select(f => f.Name).ToList();
            if (missing.Count > 0)
            {
                problems.Add(($"{at}.fields", $"does not map the required column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} of {entity.Name}.csv"));
            }

            return new CompiledOutput(output, entity, wide);
        }

        private void CheckField(FieldSpec spec, FieldDefinition field, bool wide, string at)
        {
            var sources = (spec.Column is null ? 0 : 1) + (spec.Cell ? 1 : 0) + (spec.Value is null ? 0 : 1) + (spec.Template is null ? 0 : 1);
            if (sources != 1)
            {
                problems.Add((at, "expected exactly one of column, cell, value and template"));
            }

            if ((spec.Cell || spec.WeekOffset) && !wide)
            {
                problems.Add((at, "cell and weekOffset need an unpivot (a wide export)"));
            }

            if (spec.Template is not null && Regex.IsMatch(spec.Template, "\\{\\s*\\}"))
            {
                problems.Add(($"{at}.template", "has an empty {}; expected {Column} or {n}"));
            }

            if (spec.Map is { Count: 0 })
            {
                problems.Add(($"{at}.map", "is empty; expected export codes and the contract codes they stand for"));
            }

            if (spec.Otherwise is not null && spec.Map is null)
            {
                problems.Add(($"{at}.otherwise", "needs a map"));
            }

            if (field.Kind is FieldKind.Code && spec.Map is not null)
            {
                foreach (var (code, meaning) in spec.Map.Append(new(null!, spec.Otherwise!)).Where(m => m.Value is not null))
                {
                    if (!field.Codes.Any(c => string.Equals(c, meaning.Replace(' ', '_').Replace('-', '_'), StringComparison.OrdinalIgnoreCase)))
                    {
                        problems.Add(($"{at}.{(code is null ? "otherwise" : "map." + code)}",
                            $"is not a code of {field.Name}; expected one of {string.Join(", ", field.Codes)}"));
                    }
                }
            }

            if (spec.DateFormat is not null)
            {
                if (field.Kind != FieldKind.Date)
                {
                    problems.Add(($"{at}.dateFormat", $"{field.Name} is not a date"));
                }

                CheckDateFormat(spec.DateFormat, $"{at}.dateFormat");
            }

            if (spec.WeekOffset && field.Kind != FieldKind.Date)
            {
                problems.Add(($"{at}.weekOffset", $"{field.Name} is not a date"));
            }

            if (spec.Scale is { } scale && (field.Kind is not (FieldKind.Integer or FieldKind.Decimal) || scale <= 0))
            {
                problems.Add(($"{at}.scale", field.Kind is FieldKind.Integer or FieldKind.Decimal
                    ? "expected a number above 0"
                    : $"{field.Name} is not a number"));
            }
        }

        private void CheckDateFormat(string format, string at)
        {
            try
            {
                var text = FormatProbe.ToDateTime(TimeOnly.MinValue).ToString(format, CultureInfo.InvariantCulture);
                var offset = format.Contains('K') || format.Contains('z');
                var parsed = offset
                    ? DateTimeOffset.TryParseExact(new DateTimeOffset(FormatProbe.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToString(format, CultureInfo.InvariantCulture),
                        format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var back) && DateOnly.FromDateTime(back.DateTime) == FormatProbe
                    : DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && DateOnly.FromDateTime(day) == FormatProbe;
                if (!parsed)
                {
                    problems.Add((at, "does not read back the day it writes; expected a full date format such as MM/dd/yyyy or yyyy-MM-dd'T'HH:mm:ssK"));
                }
            }
            catch (FormatException)
            {
                problems.Add((at, "is not a .NET date format; expected e.g. MM/dd/yyyy"));
            }
        }
    }
}
