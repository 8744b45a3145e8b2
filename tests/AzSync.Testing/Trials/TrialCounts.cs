namespace AzSync.Testing.Trials;

/// <summary>What the trials count. Everything but Runs, Faults, NonZeroExits and TemporaryLeft must stay
/// zero.</summary>
public sealed class TrialCounts
{
    public int Runs { get; set; }
    public int Faults { get; set; }
    public int NonZeroExits { get; set; }
    public int TemporaryLeft { get; set; }

    public int Lost { get; set; }
    public int HalfWritten { get; set; }
    public int WronglyDeleted { get; set; }
    public int Md5Mismatches { get; set; }
    public int NotConverged { get; set; }
    public int Unreported { get; set; }
    public int Leaks { get; set; }

    /// <summary>One line per defect found, to say where and how.</summary>
    public List<string> Findings { get; } = [];

    public bool Clean => Lost + HalfWritten + WronglyDeleted + Md5Mismatches + NotConverged + Unreported + Leaks == 0;

    public void Add(TrialCounts other)
    {
        Runs += other.Runs; Faults += other.Faults; NonZeroExits += other.NonZeroExits; Lost += other.Lost;
        HalfWritten += other.HalfWritten; WronglyDeleted += other.WronglyDeleted; Md5Mismatches += other.Md5Mismatches;
        NotConverged += other.NotConverged; TemporaryLeft += other.TemporaryLeft;
        Unreported += other.Unreported; Leaks += other.Leaks;
        Findings.AddRange(other.Findings);
    }

    public const string Header =
        "| runs | faults | non-zero exits | temporary files left | lost | half-written | wrongly deleted " +
        "| MD5 mismatches | not converged | no report | secret leaks |";

    public string Row => $"| {Runs} | {Faults} | {NonZeroExits} | {TemporaryLeft} | {Lost} | {HalfWritten} | " +
                         $"{WronglyDeleted} | " +
                         $"{Md5Mismatches} | " +
                         $"{NotConverged} | {Unreported} | {Leaks} |";

    public override string ToString() =>
        $"runs {Runs}, faults {Faults}, non-zero exits {NonZeroExits}, temporary files left {TemporaryLeft}, " +
        $"lost {Lost}, " +
        $"half-written {HalfWritten}, " +
        $"wrongly deleted {WronglyDeleted}, MD5 mismatches {Md5Mismatches}, not converged {NotConverged}, " +
        $"no report {Unreported}, secret leaks {Leaks}" + string.Concat(Findings.Select(f => "\n  " + f));
}
