using System.Runtime.InteropServices;
using System.Text;

namespace SecretInjector.Agent;

/// <summary>
/// <c>rename(2)</c>, which replaces a symlink in one step. <see cref="File.Move(string, string, bool)"/> cannot do
/// it: it follows a source symlink to a directory and refuses it, and <c>..data</c> always points to one.
/// </summary>
internal static class Posix
{
    public static void Rename(string from, string to)
    {
        if (NativeMethods.rename(CString(from), CString(to)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"rename {from} to {to} failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }
    }

    /// <summary>A NUL-terminated UTF-8 path, passed as a blittable array so no string marshalling (or unsafe code) is needed.</summary>
    private static byte[] CString(string path) => Encoding.UTF8.GetBytes(path + "\0");

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks for its generated stub; byte[] needs no marshalling.
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable CA1707, IDE1006 // The C name.
        internal static extern int rename(byte[] from, byte[] to);
#pragma warning restore CA1707, IDE1006
#pragma warning restore SYSLIB1054
    }
}
