using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Pull;

namespace Outcomes.Jobs.Tests.Pull;

public sealed class SftpSettingsTests
{
    [Fact]
    public void An_sftp_source_with_nothing_set_is_refused_at_start_up_with_each_missing_setting_named()
    {
        var options = new JobsOptions { Sources = [new SourceOptions { Name = "north", Kind = "sftp", Folder = Path.GetTempPath() }] };

        var problems = JobsOptionsValidator.Problems(options);

        foreach (var setting in new[] { "Host", "User", "PrivateKeyFile", "HostKey", "RemoteFolder" })
        {
            Assert.Contains(problems, p => p.StartsWith($"Jobs:Sources:0:Sftp:{setting}: ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_source_of_an_unknown_kind_is_refused_naming_the_kinds_there_are()
    {
        var options = new JobsOptions { Sources = [new SourceOptions { Name = "north", Kind = "ftp", Folder = Path.GetTempPath() }] };

        Assert.Contains("Jobs:Sources:0:Kind: 'ftp' is not a kind of source; expected 'folder' or 'sftp'.", JobsOptionsValidator.Problems(options));
    }

    [Theory]
    [InlineData("ssh-ed25519")]
    [InlineData("SHA256:tooshort")]
    [InlineData("ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQC7")]
    public void A_host_key_that_is_not_a_key_line_or_a_fingerprint_pins_nothing(string text) =>
        Assert.Null(HostKeyPin.Parse(text, out _));

    [Fact]
    public void A_private_key_that_cannot_be_read_is_reported_by_its_setting_without_its_text()
    {
        var file = Path.Combine(Path.GetTempPath(), $"outcomes-key-{Guid.NewGuid():N}");
        File.WriteAllText(file, "-----BEGIN OPENSSH PRIVATE KEY-----\nNOT-A-KEY-BUT-SECRET-4711\n-----END OPENSSH PRIVATE KEY-----\n");
        try
        {
            var refused = Assert.Throws<InvalidOperationException>(() =>
                SftpCredentials.Load(new SftpOptions { PrivateKeyFile = file }, "Jobs:Sources:north:Sftp"));

            Assert.StartsWith("Jobs:Sources:north:Sftp:PrivateKeyFile: the private key could not be read", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("SECRET", refused.ToString(), StringComparison.Ordinal);
            Assert.Null(refused.InnerException);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
