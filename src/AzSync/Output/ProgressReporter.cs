using AzSync.Core.Transfer;
using Spectre.Console;

namespace AzSync.Output;

/// <summary>
/// Progress for people and for logs: a live bar when stderr is a terminal, otherwise one line every few seconds
/// (a CI log full of carriage returns helps nobody). Per-file failures are printed as they happen.
/// </summary>
public sealed class ProgressReporter : ITransferObserver, IDisposable
{
    private readonly TimeSpan _lineInterval;
    private readonly TextWriter _log;
    private readonly Verbosity _verbosity;
    private readonly Action<ItemOutcome>? _onFailure;
    private readonly Action<int>? _onPercent;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly object _gate = new();
    private long _totalBytes, _sentBytes;
    private int _totalFiles, _doneFiles;
    private TimeSpan _lastLine;
    private ITimer? _timer;
    private ProgressTask? _bar;
    private Task? _live;
    private TaskCompletionSource? _finish;

    /// <param name="lineInterval">How often a non-interactive log gets a progress line (5 s unless a test says otherwise).</param>
    /// <param name="time">The clock behind the lines (the system's unless a test moves time itself).</param>
    public ProgressReporter(TextWriter log, Verbosity verbosity, bool interactive, Action<ItemOutcome>? onFailure = null,
        Action<int>? onPercent = null, TimeSpan? lineInterval = null, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _started = _time.GetTimestamp();
        _lineInterval = lineInterval ?? TimeSpan.FromSeconds(5);
        _onPercent = onPercent;
        _log = log;
        _verbosity = verbosity;
        _onFailure = onFailure;
        Interactive = interactive && verbosity != Verbosity.Quiet;
    }

    private bool Interactive { get; }

    public void Started(long totalBytes, int totalFiles)
    {
        _totalBytes = totalBytes;
        _totalFiles = totalFiles;
        if (totalFiles == 0 || _verbosity == Verbosity.Quiet) return;
        if (Interactive) StartBar();
        else _timer = _time.CreateTimer(_ => PrintLine(), null, _lineInterval, _lineInterval);
    }

    public void BytesSent(long bytes)
    {
        Interlocked.Add(ref _sentBytes, bytes);
        if (_bar is not null) _bar.Value = Math.Min(_bar.MaxValue, Interlocked.Read(ref _sentBytes));
    }

    public void Completed(ItemOutcome outcome)
    {
        if (outcome.Status == ItemStatus.Uploaded) Interlocked.Increment(ref _doneFiles);
        if (outcome.Status is ItemStatus.Failed or ItemStatus.Conflict)
        {
            var what = outcome.Status == ItemStatus.Conflict ? "conflict" : "failed";
            var line = $"{what}: {Format.Path(outcome.Item.Path)}: {Format.Path(outcome.Error ?? "")}";
            lock (_gate) _log.WriteLine(line);
            _onFailure?.Invoke(outcome);
        }
        else if (_verbosity == Verbosity.Verbose && !Interactive)
        {
            var status = outcome.Status.ToString().ToLowerInvariant();
            lock (_gate) _log.WriteLine($"{status}: {Format.Path(outcome.Item.Path)}");
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _finish?.TrySetResult();
        _live?.Wait();
    }

    private void PrintLine()
    {
        if (_totalBytes > 0) _onPercent?.Invoke((int)(100 * Interlocked.Read(ref _sentBytes) / _totalBytes));
        var elapsed = _time.GetElapsedTime(_started);
        var sent = Format.Bytes(Interlocked.Read(ref _sentBytes));
        var line = $"{_doneFiles}/{_totalFiles} files, {sent} of {Format.Bytes(_totalBytes)} sent, {elapsed:mm\\:ss}";
        lock (_gate)
        {
            if (elapsed - _lastLine < _lineInterval / 2) return;
            _lastLine = elapsed;
            _log.WriteLine(line);
        }
    }

    private void StartBar()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var ready = new TaskCompletionSource();
        _finish = new TaskCompletionSource();
        _live = console.Progress().AutoClear(true).Columns(
                new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                _bar = ctx.AddTask($"Uploading {_totalFiles} {(_totalFiles == 1 ? "file" : "files")}", maxValue: Math.Max(1, _totalBytes));
                ready.SetResult();
                await _finish.Task;
                _bar.Value = _bar.MaxValue;
            });
        ready.Task.Wait();
    }
}
