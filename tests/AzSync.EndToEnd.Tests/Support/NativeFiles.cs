using System.Runtime.InteropServices;
using System.Text;

namespace AzSync.EndToEnd.Tests.Support;

/// <summary>Files .NET cannot create by itself: raw byte names and FIFOs.</summary>
public static class NativeFiles
{
    private const int O_WRONLY = 0x1, O_CREAT = 0x40, O_TRUNC = 0x200;

    /// <summary>
    /// A file whose name is arbitrary bytes. .NET strings cannot name a file that is not valid UTF-8, but Linux
    /// allows it, and a source tree can contain one (e.g. unpacked from an old archive).
    /// </summary>
    public static void CreateWithRawName(string directory, byte[] name, string content)
    {
        var path = Encoding.UTF8.GetBytes(directory + "/").Concat(name).Append((byte)0).ToArray();
        var fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, Convert.ToInt32("644", 8));
        if (fd < 0) throw new IOException($"open() failed with errno {Marshal.GetLastPInvokeError()} in {directory}");
        try
        {
            var bytes = Encoding.UTF8.GetBytes(content);
            if (write(fd, bytes, bytes.Length) != bytes.Length) throw new IOException("write() failed");
        }
        finally
        {
            _ = close(fd);
        }
    }

    public static void CreateFifo(string path)
    {
        if (mkfifo(Encoding.UTF8.GetBytes(path + "\0"), Convert.ToInt32("644", 8)) != 0)
            throw new IOException($"mkfifo() failed with errno {Marshal.GetLastPInvokeError()} for {path}");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int mkfifo(byte[] path, int mode);

    [DllImport("libc", SetLastError = true)]
    private static extern int open(byte[] path, int flags, int mode);

    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, byte[] buffer, nint count);

    [DllImport("libc")]
    private static extern int close(int fd);
}
