// The end-to-end tests drive the tool the way a POSIX shell does: file modes (chmod, an unreadable folder), FIFOs,
// `script`, `setpriv` and `unshare`. They are not built to run on Windows, so say so once for the platform analyzer.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
