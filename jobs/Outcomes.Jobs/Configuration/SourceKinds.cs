namespace Outcomes.Jobs.Configuration;

/// <summary>The kinds of pull source <see cref="SourceOptions.Kind"/> names.</summary>
public static class SourceKinds
{
    public const string Folder = "folder";

    public const string Sftp = "sftp";
}
