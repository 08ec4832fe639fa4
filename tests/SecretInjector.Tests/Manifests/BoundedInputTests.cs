using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SecretInjector.Cluster;
using SecretInjector.Commands;
using SecretInjector.Configuration;
using SecretInjector.Hosting;
using SecretInjector.Manifests;
using SecretInjector.Policy;

namespace SecretInjector.Tests.Manifests;

public sealed class BoundedInputTests
{
    [Fact]
    public void ReadAllBytes_FileThatNeverEnds_FailsNamingTheFileAndTheLimit()
    {
        var e = Assert.Throws<InputTooLargeException>(() => BoundedInput.ReadAllBytes("/dev/zero", 4096));

        Assert.Equal("/dev/zero: larger than the limit of 4096 bytes", e.Message);
    }

    [Fact]
    public void ReadAllBytes_FileOfExactlyTheLimit_IsReadWhole()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("input");
        File.WriteAllBytes(path, new byte[4096]);

        var bytes = BoundedInput.ReadAllBytes(path, 4096);

        Assert.Equal(4096, bytes.Length);
    }

    [Fact]
    public void Load_SettingsFileThatNeverEnds_SaysItIsLargerThanOneMiB()
    {
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load("/dev/zero"));

        Assert.Equal("settings file /dev/zero: larger than the limit of 1 MiB", e.Message);
    }

    [Fact]
    public void PolicyFileStore_PolicyFileThatNeverEnds_SaysItIsLargerThanOneMiB()
    {
        var e = Assert.Throws<PolicyException>(() =>
        {
            using var store = new PolicyFileStore("/dev/zero", TimeSpan.FromHours(1), TimeProvider.System, NullLogger<PolicyFileStore>.Instance);
        });

        Assert.Equal("/dev/zero: the policy file is larger than the limit of 1 MiB", e.Message);
    }

    [Fact]
    public void ObjectsFile_LargerThanItsLimit_SaysSo()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("objects.yaml");
        File.WriteAllText(path, new string('#', 100));

        var e = Assert.Throws<ManifestException>(() => ObjectsFileClusterSource.Load(path, 64));

        Assert.Equal($"{path}: the objects file is larger than the limit of 64 bytes", e.Message);
    }

    [Fact]
    public void CertificateReloader_CertificateFileThatNeverEnds_FailsToLoadAndOnReloadKeepsThePrevious()
    {
        using var directory = new TempDirectory();
        var (cert, key) = (directory.Combine("tls.crt"), directory.Combine("tls.key"));
        WriteSelfSigned(cert, key);
        using var reloader = new CertificateReloader(cert, key, TimeSpan.FromHours(1), TimeProvider.System, NullLogger<CertificateReloader>.Instance);
        var before = reloader.Current.Thumbprint;
        File.Delete(cert);
        File.CreateSymbolicLink(cert, "/dev/zero");

        var reloaded = reloader.TryReload();
        var e = Assert.Throws<InputTooLargeException>(() =>
        {
            using var other = new CertificateReloader(cert, key, TimeSpan.FromHours(1), TimeProvider.System, NullLogger<CertificateReloader>.Instance);
        });

        Assert.False(reloaded);
        Assert.Equal(before, reloader.Current.Thumbprint);
        Assert.Equal($"{cert}: larger than the limit of 1 MiB", e.Message);
    }

    [Fact]
    public async Task Inject_FileThatNeverEnds_IsAUsageErrorNamingItAndTheLimit()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await InjectCommand.RunAsync(
            new InjectArguments("/dev/zero", null, null, null, "default"), TextReader.Null, stdout, stderr, 4096, CancellationToken.None);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal("", stdout.ToString());
        Assert.Equal("secret-injector inject: /dev/zero: larger than the limit of 4096 bytes" + Environment.NewLine, stderr.ToString());
    }

    [Fact]
    public async Task Inject_StandardInputLargerThanTheLimit_IsAUsageErrorNamingIt()
    {
        using var stdin = InjectCommand.StandardInput(new MemoryStream(new byte[5000]), 4096);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await InjectCommand.RunAsync(new InjectArguments("-", null, null, null, "default"), stdin, stdout, stderr, CancellationToken.None);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal("secret-injector inject: (stdin): larger than the limit of 4096 bytes" + Environment.NewLine, stderr.ToString());
    }

    [Fact]
    public async Task Inject_StandardInputNotUtf8_IsStillRefused()
    {
        using var stdin = InjectCommand.StandardInput(new MemoryStream(Encoding.Latin1.GetBytes("name: caf\u00e9\n")), 4096);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await InjectCommand.RunAsync(new InjectArguments("-", null, null, null, "default"), stdin, stdout, stderr, CancellationToken.None);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("(stdin): not UTF-8 text (the bytes 0xE9 are not UTF-8)", stderr.ToString(), StringComparison.Ordinal);
    }

    private static void WriteSelfSigned(string certPath, string keyPath)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, rsa.ExportPkcs8PrivateKeyPem());
    }
}
