using System.Security.Cryptography;
using System.Text;

namespace Outcomes.Database.Access;

/// <summary>
/// The SCRAM-SHA-256 secret PostgreSQL stores for a password (RFC 5802, RFC 7677), computed here so that a new
/// login's password never reaches the server, its logs or its statistics in clear text (psql's \password does the
/// same). Format: <c>SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey</c>, each part in base64.
/// </summary>
public static class ScramVerifier
{
    public const int Iterations = 4096; // PostgreSQL's default scram_iterations

    public static string Create(string password) => Create(password, RandomNumberGenerator.GetBytes(16), Iterations);

    public static string Create(string password, byte[] salt, int iterations)
    {
        // SASLprep normalises with NFKC; PostgreSQL uses the password as it is when the normalisation fails, which it
        // does not for the passwords a person types.
        var normalised = Encoding.UTF8.GetBytes(password.Normalize(NormalizationForm.FormKC));
        var salted = Rfc2898DeriveBytes.Pbkdf2(normalised, salt, iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return $"SCRAM-SHA-256${iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}";
    }
}
