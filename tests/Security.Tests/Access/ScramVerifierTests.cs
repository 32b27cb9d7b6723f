using System.Security.Cryptography;
using System.Text;
using Outcomes.Database.Access;
using Xunit;

namespace Outcomes.Security.Tests.Access;

public sealed class ScramVerifierTests
{
    /// <summary>
    /// RFC 7677 section 3: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations. The server's
    /// signature over the exchange's AuthMessage is given there as 6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=; the
    /// client's proof as dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=. Both follow from the stored secret's two keys.
    /// </summary>
    [Fact]
    public void The_stored_secret_reproduces_the_RFC_7677_exchange()
    {
        const string authMessage = "n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";

        var secret = ScramVerifier.Create("pencil", Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);

        var parts = secret.Split('$');
        Assert.Equal("SCRAM-SHA-256", parts[0]);
        Assert.Equal("4096:W22ZaJ0SNY7soEsUEjb6gQ==", parts[1]);
        var keys = parts[2].Split(':');
        var serverKey = Convert.FromBase64String(keys[1]);
        Assert.Equal("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
            Convert.ToBase64String(HMACSHA256.HashData(serverKey, Encoding.UTF8.GetBytes(authMessage))));

        // The proof is ClientKey XOR HMAC(StoredKey, AuthMessage): recover ClientKey from the RFC's proof and check that
        // its hash is the stored key.
        var storedKey = Convert.FromBase64String(keys[0]);
        var signature = HMACSHA256.HashData(storedKey, Encoding.UTF8.GetBytes(authMessage));
        var proof = Convert.FromBase64String("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        var clientKey = proof.Zip(signature, (a, b) => (byte)(a ^ b)).ToArray();
        Assert.Equal(storedKey, SHA256.HashData(clientKey));
    }

    [Fact]
    public void Two_secrets_of_one_password_differ_by_their_salt()
    {
        Assert.NotEqual(ScramVerifier.Create("correct horse battery"), ScramVerifier.Create("correct horse battery"));
    }
}
