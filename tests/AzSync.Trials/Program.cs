using System.Globalization;
using AzSync.Testing;
using AzSync.Testing.Trials;

// The long integrity trials of issue 15: `bash tools/trials.sh [RUNS] [RESULTS.md]`. RUNS seeds per store and fault
// rate; the table goes to stdout and, given a file, into it. Exit 1 when any trial found a defect.
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
var results = args.Length > 1 ? args[1] : null;
var rows = new List<(string Trial, TrialCounts Counts)>();

async Task Trial(string name, Func<TrialStore, Task<TrialCounts>> body, Func<Task<TrialStore>> start)
{
    await using var store = await start();
    var counts = await body(store);
    Console.WriteLine($"{name}: {counts}");
    rows.Add((name, counts));
}

async Task<TrialCounts> Seeds(Func<int, Task<TrialCounts>> trial)
{
    var total = new TrialCounts();
    for (var seed = 1; seed <= runs; seed++) total.Add(await trial(seed));
    return total;
}

var stores = new (string Name, Func<Task<TrialStore>> Start)[]
{
    ("Blob", async () => await BlobTrialStore.StartAsync()),
    ("Files", async () => await FilesTrialStore.StartAsync()),
};
foreach (var (name, start) in stores)
{
    foreach (var rate in new[] { 0.05, 0.2 })
        await Trial($"{name}, {rate:P0} network faults, initial/changed/--delete × {runs} seeds",
            store => Seeds(seed => new FaultRateTrial(store, seed, rate, files: 30, bigFile: seed == 1)
                .RunAsync(Console.WriteLine)), start);
    await Trial($"{name}, lying listings (empty pages, dropped NextMarker) at 50% × {runs} seeds",
        store => Seeds(seed => new FaultRateTrial(store, 100 + seed, 0.5, files: 30)
            .RunAsync(Console.WriteLine, FaultKind.EmptyPage, FaultKind.DropMarker)), start);
    await Trial($"{name}, kill -9 at a seeded write, destination polled × {runs} seeds",
        store => Seeds(seed => new KillTrial(store, seed).RunAsync(Console.WriteLine)), start);
    await Trial($"{name}, secret scans: key, SAS, read-only SAS × 8 output modes at 20% faults",
        store => new SecretTrial(store, 1).RunAsync(Console.WriteLine), start);
    await Trial($"{name}, concurrent runs and another writer × {runs} seeds",
        store => Seeds(seed => new ConcurrentTrial(store, seed).RunAsync(Console.WriteLine)), start);
}

var table = new List<string> { "| trial " + TrialCounts.Header, "|---" + string.Concat(Enumerable.Repeat("|---", 11))
    + "|" };
table.AddRange(rows.Select(r => $"| {r.Trial} {r.Counts.Row}"));
var findings = rows.SelectMany(r => r.Counts.Findings).ToList();
Console.WriteLine(string.Join('\n', table));
if (results is not null)
{
    var machine = $"{Environment.ProcessorCount} cores, " +
                  System.Runtime.InteropServices.RuntimeInformation.OSDescription;
    var header = $"Last run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, `bash tools/trials.sh {runs}`, {machine}, " +
                 $"commit {Git("rev-parse --short HEAD")}.";
    var text = string.Join('\n', [header, "", .. table, "", "Findings:", "", .. (findings.Count == 0 ? ["none"]
        : findings.Select(f => "- " + f.Split('\n')[0]))]);
    File.WriteAllText(results, text + "\n");
}
return rows.All(r => r.Counts.Clean) ? 0 : 1;

static string Git(string args)
{
    var info = new System.Diagnostics.ProcessStartInfo("git", args)
    {
        RedirectStandardOutput = true,
        WorkingDirectory = RepoPaths.Root,
    };
    using var p = System.Diagnostics.Process.Start(info)!;
    var output = p.StandardOutput.ReadToEnd().Trim();
    p.WaitForExit();
    return output;
}
