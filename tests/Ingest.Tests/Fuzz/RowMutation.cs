using FsCheck;
using FsCheck.Fluent;

namespace Outcomes.Ingest.Tests.Fuzz;

/// <summary>
/// One change to one row's decoded fields: the ways exports go wrong (a character slipped, a field blanked or
/// swapped, a column lost) and the ways attackers try (1 MB fields, quotes, line breaks, NUL, bytes that are not
/// UTF-8). The writer quotes whatever needs quoting, so the row stays one record and its line stays known.
/// </summary>
internal abstract record RowMutation
{
    /// <summary>Characters that slip in: ordinary ones, CSV syntax, control characters, formula starts, non-ASCII.</summary>
    public const string Alphabet = "aZq09 .-_,;:/'\"\n\r\t\0=+@é";

    public const int HugeFieldChars = 1 << 20;

    public abstract string[] Apply(string[] fields);

    public static Gen<RowMutation> Any { get; } = Gen.Frequency(
        (4, from f in AnyField from p in AnyPosition from c in AnyChar select (RowMutation)new Insert(f, p, c)),
        (4, from f in AnyField from p in AnyPosition select (RowMutation)new Delete(f, p)),
        (4, from f in AnyField from p in AnyPosition from c in AnyChar select (RowMutation)new Replace(f, p, c)),
        (2, from f in AnyField select (RowMutation)new Blank(f)),
        (2, from a in AnyField from b in AnyField select (RowMutation)new Swap(a, b)),
        (1, from f in AnyField select (RowMutation)new DropField(f)),
        (1, from c in AnyChar select (RowMutation)new ExtraField(c.ToString())),
        (2, from f in AnyField from p in AnyPosition select (RowMutation)new InvalidUtf8(f, p)),
        (1, from f in AnyField from c in Gen.Elements('x', '7', ' ', '"', '\n') select (RowMutation)new Huge(f, c)));

    private static Gen<int> AnyField => Gen.Choose(0, 7);

    private static Gen<int> AnyPosition => Gen.Choose(0, 64);

    private static Gen<char> AnyChar => Gen.Elements(Alphabet.ToCharArray());

    private static string[] With(string[] fields, int field, Func<string, string> change)
    {
        var copy = (string[])fields.Clone();
        var index = field % copy.Length;
        copy[index] = change(copy[index]);
        return copy;
    }

    public sealed record Insert(int Field, int Position, char Char) : RowMutation
    {
        public override string[] Apply(string[] fields) => With(fields, Field, v => v.Insert(Position % (v.Length + 1), Char.ToString()));
    }

    public sealed record Delete(int Field, int Position) : RowMutation
    {
        public override string[] Apply(string[] fields) => With(fields, Field, v => v.Length == 0 ? v : v.Remove(Position % v.Length, 1));
    }

    public sealed record Replace(int Field, int Position, char Char) : RowMutation
    {
        public override string[] Apply(string[] fields) =>
            With(fields, Field, v => v.Length == 0 ? Char.ToString() : v.Remove(Position % v.Length, 1).Insert(Position % v.Length, Char.ToString()));
    }

    public sealed record Blank(int Field) : RowMutation
    {
        public override string[] Apply(string[] fields) => With(fields, Field, _ => "");
    }

    public sealed record Swap(int A, int B) : RowMutation
    {
        public override string[] Apply(string[] fields)
        {
            var copy = (string[])fields.Clone();
            (copy[A % copy.Length], copy[B % copy.Length]) = (copy[B % copy.Length], copy[A % copy.Length]);
            return copy;
        }
    }

    public sealed record DropField(int Field) : RowMutation
    {
        public override string[] Apply(string[] fields) => [.. fields.Where((_, i) => i != Field % fields.Length)];
    }

    public sealed record ExtraField(string Value) : RowMutation
    {
        public override string[] Apply(string[] fields) => [.. fields, Value];
    }

    public sealed record InvalidUtf8(int Field, int Position) : RowMutation
    {
        public override string[] Apply(string[] fields) =>
            With(fields, Field, v => v.Insert(Position % (v.Length + 1), ProgramReference.InvalidUtf8.ToString()));
    }

    /// <summary>A field of 1 MB (1,048,576 characters) of one character.</summary>
    public sealed record Huge(int Field, char Fill) : RowMutation
    {
        public override string[] Apply(string[] fields) => With(fields, Field, _ => new string(Fill, HugeFieldChars));
    }
}
