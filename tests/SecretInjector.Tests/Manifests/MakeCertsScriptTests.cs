using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SecretInjector.Tests.Manifests;

public sealed class MakeCertsScriptTests : IDisposable
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string SubjectAltNameOid = "2.5.29.17";

    private static readonly string[] OutputFiles = ["ca.crt", "ca.key", "tls.crt", "tls.key"];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("secret-injector", "secret-injector")]
    [InlineData("platform-webhooks", "injector")]
    public void Run_ServiceAndNamespace_ServingCertificateChainsToCaWithServiceNames(string ns, string service)
    {
        var result = MakeCerts.RunOk("--namespace", ns, "--service", service, _temp.Path);

        using var ca = LoadCertificate("ca.crt");
        using var serving = X509Certificate2.CreateFromPemFile(_temp.Combine("tls.crt"), _temp.Combine("tls.key"));
        using var chain = ChainTo(ca);

        Assert.True(serving.HasPrivateKey);
        Assert.True(chain.Build(serving), string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation}")));
        Assert.Equal(ca.Thumbprint, chain.ChainElements[^1].Certificate.Thumbprint);
        Assert.Equal(
            [service, $"{service}.{ns}", $"{service}.{ns}.svc", $"{service}.{ns}.svc.cluster.local", "localhost"],
            SubjectAltNames(serving).EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback], SubjectAltNames(serving).EnumerateIPAddresses());
        Assert.Equal(Convert.ToBase64String(File.ReadAllBytes(_temp.Combine("ca.crt"))), result.StandardOutput.Trim());
    }

    [Fact]
    public void Run_Defaults_CaIsACaAndServingCertificateIsNot()
    {
        MakeCerts.RunOk("--days", "90", _temp.Path);

        using var ca = LoadCertificate("ca.crt");
        using var serving = LoadCertificate("tls.crt");

        Assert.True(ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.False(serving.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.InRange((serving.NotAfter - serving.NotBefore).TotalDays, 89, 91);
        Assert.True(serving.NotAfter < ca.NotAfter, $"serving {serving.NotAfter:O} outlives the CA {ca.NotAfter:O}");
    }

    [Fact]
    public void Run_Twice_KeepsTheCaAndTheServingCertificate()
    {
        var first = MakeCerts.RunOk(_temp.Path);
        var files = Snapshot();

        var second = MakeCerts.RunOk(_temp.Path);

        Assert.Equal(files, Snapshot());
        Assert.Equal(first.StandardOutput, second.StandardOutput);
        Assert.Contains("keeping the serving certificate", second.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Force_ReissuesTheServingCertificateUnderTheSameCa()
    {
        var first = MakeCerts.RunOk(_temp.Path);
        var before = Snapshot();

        var second = MakeCerts.RunOk("--force", _temp.Path);

        var after = Snapshot();
        Assert.Equal(first.StandardOutput, second.StandardOutput);
        Assert.Equal(before["ca.crt"], after["ca.crt"]);
        Assert.NotEqual(before["tls.crt"], after["tls.crt"]);
        Assert.NotEqual(before["tls.key"], after["tls.key"]);
    }

    [Fact]
    public void Run_OtherNamespaceIntoSameDirectory_ReissuesForTheNewNames()
    {
        MakeCerts.RunOk(_temp.Path);
        var before = Snapshot();

        MakeCerts.RunOk("--namespace", "elsewhere", _temp.Path);

        using var serving = LoadCertificate("tls.crt");
        Assert.Equal(before["ca.crt"], Snapshot()["ca.crt"]);
        Assert.Contains("secret-injector.elsewhere.svc", SubjectAltNames(serving).EnumerateDnsNames());
    }

    [Fact]
    public void Run_NewCa_ChangesTheCaBundle()
    {
        var first = MakeCerts.RunOk(_temp.Path);

        var second = MakeCerts.RunOk("--new-ca", _temp.Path);

        using var ca = LoadCertificate("ca.crt");
        using var serving = LoadCertificate("tls.crt");
        using var chain = ChainTo(ca);
        Assert.NotEqual(first.StandardOutput, second.StandardOutput);
        Assert.True(chain.Build(serving));
    }

    [Theory]
    [InlineData("--namespace", "Not_A_Label", "not a DNS-1123 label")]
    [InlineData("--service", "-leading-dash", "not a DNS-1123 label")]
    [InlineData("--days", "0", "not a positive number of days")]
    [InlineData("--days", "ten", "not a positive number of days")]
    [InlineData("--renew-days", "400", "must be less than --days")]
    [InlineData("--frobnicate", "x", "unknown option --frobnicate")]
    public void Run_BadArgument_FailsNamingIt(string option, string value, string message)
    {
        var result = MakeCerts.Run(option, value, _temp.Combine("out"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StandardOutput);
        Assert.False(Directory.Exists(_temp.Combine("out")), "nothing is written when the arguments are wrong");
    }

    [Fact]
    public void Run_CaKeyWithoutCaCertificate_FailsAndKeepsTheKey()
    {
        File.WriteAllText(_temp.Combine("ca.key"), "unrelated");

        var result = MakeCerts.Run(_temp.Path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("only one of ca.key and ca.crt", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("unrelated", File.ReadAllText(_temp.Combine("ca.key")));
    }

    [Fact]
    public void Run_Help_PrintsUsageAndSucceeds()
    {
        var result = MakeCerts.RunOk("--help");

        Assert.Contains("usage:", result.StandardOutput, StringComparison.Ordinal);
    }

    private X509Certificate2 LoadCertificate(string file) =>
        X509Certificate2.CreateFromPem(File.ReadAllText(_temp.Combine(file)));

    private Dictionary<string, string> Snapshot() =>
        OutputFiles.ToDictionary(f => f, f => File.ReadAllText(_temp.Combine(f)), StringComparer.Ordinal);

    private static X509Chain ChainTo(X509Certificate2 ca)
    {
        var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthOid));
        return chain;
    }

    private static X509SubjectAlternativeNameExtension SubjectAltNames(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.Cast<X509Extension>().Single(e => e.Oid?.Value == SubjectAltNameOid);
        return new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical);
    }
}
