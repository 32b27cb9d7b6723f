namespace Outcomes.Ingest.Profiles;

/// <summary>A profile file that cannot be used: the message names the file, the line and the member at fault.</summary>
public sealed class ProfileException(string message) : Exception(message);
