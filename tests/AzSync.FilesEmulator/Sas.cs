using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AzSync.FilesEmulator;

/// <summary>Account SAS and file/share service SAS: signature, validity window and permissions.</summary>
internal static class Sas
{
    public static void Check(Req req, OperationInfo op, byte[] key, string account) =>
        Check(req.Query, req.Share!, req.Segments, op, key, account);

    /// <summary>Also used for a copy source, whose SAS sits in another URL than the request's.</summary>
    public static void Check(IReadOnlyDictionary<string, string> query, string share, IReadOnlyList<string> segments,
        OperationInfo op, byte[] key, string account)
    {
        string Q(string n) => query.TryGetValue(n, out var v) ? v : "";
        var sv = Q("sv");
        string stringToSign;
        string scopeError = "";
        if (query.ContainsKey("ss"))
        {
            stringToSign =
                string.Join("\n", account, Q("sp"), Q("ss"), Q("srt"), Q("st"), Q("se"), Q("sip"), Q("spr"), sv) + "\n";
            if (string.CompareOrdinal(sv, "2020-12-06") >= 0) stringToSign += Q("ses") + "\n";
            if (!Q("ss").Contains('f')) scopeError = "ss";
            // Files treats share and directory APIs as container-level, file APIs as object-level.
            if (!Q("srt").Contains(op.ShareLevel || op.IsDirectory ? 'c' : 'o')) scopeError = "srt";
        }
        else
        {
            var resource = "/file/" + account + "/" + share;
            if (Q("sr") == "f") resource += "/" + string.Join("/", segments);
            stringToSign = string.Join("\n", Q("sp"), Q("st"), Q("se"), resource, Q("si"), Q("sip"), Q("spr"), sv,
                Q("rscc"), Q("rscd"), Q("rsce"), Q("rscl"), Q("rsct"));
            if (Q("sr") is not ("s" or "f")) scopeError = "sr";
        }
        var expected = Auth.Sign(key, stringToSign);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected),
            Encoding.ASCII.GetBytes(Q("sig"))))
            throw FileError.AuthFailed("Signature did not match.");
        var now = DateTimeOffset.UtcNow;
        if (Q("st").Length > 0 && (!DateTimeOffset.TryParse(Q("st"), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var st) || st > now.AddMinutes(5)))
            throw FileError.AuthFailed("Signed start time is not valid or is in the future.");
        if (!DateTimeOffset.TryParse(Q("se"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var se)
            || se < now)
            throw FileError.AuthFailed("Signed expiry time must be after the current time.");
        if (scopeError.Length > 0)
            throw new FileError(403, "AuthorizationResourceTypeMismatch",
                "This request is not authorized to perform this operation using this resource type.");
        var sp = Q("sp");
        var ok = sp.Contains(op.Permission) || (op.Permission == 'c' && sp.Contains('w'));
        if (!ok) throw FileError.PermissionMismatch();
    }
}
