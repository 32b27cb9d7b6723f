namespace Outcomes.Database.Migrations;

/// <summary>One numbered schema change, e.g. <c>0001_core_schema.sql</c>.</summary>
public sealed record Migration(int Version, string Name, string Sql, string Checksum);
