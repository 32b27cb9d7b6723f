namespace Outcomes.Database.Embedded;

public sealed record ClusterStatus(bool Initialized, bool Running, int? Port, string DataDirectory, string? Detail);
