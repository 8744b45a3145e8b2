using AzSync.Core.Stores;

namespace AzSync.Core.Run;

/// <summary>Where a run writes: the process's console, or a test's writers.</summary>
/// <param name="ErrorIsTerminal">A person watches stderr, so the transfer shows a live bar rather than log
/// lines.</param>
public sealed record RunConsole(TextWriter Out, TextWriter Error, bool ErrorIsTerminal);

/// <summary>What the store may tell the user while it is opened and used.</summary>
/// <param name="Verbose">Where <c>-v</c> explains the credential choice; null keeps quiet.</param>
/// <param name="Note">What the user should know that is not a failure (a cleared leftover lease); null keeps
/// quiet.</param>
public sealed record StoreLog(TextWriter? Verbose, Action<string>? Note);

/// <summary>Opens the store a destination names. Core knows no kind of store but the interface: the caller (the
/// CLI's StoreFactory) does.</summary>
public delegate IStore StoreOpener(string destination, StoreLog log);
