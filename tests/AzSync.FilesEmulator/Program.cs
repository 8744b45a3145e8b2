using System.Globalization;
using AzSync.FilesEmulator;

var options = new FilesEmulatorOptions();
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--port": options.Port = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--https-port": options.HttpsPort = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--cert": options.CertificatePath = Next(); break;
        case "--cert-password": options.CertificatePassword = Next(); break;
        case "--account":
            var v = Next();
            var colon = v.IndexOf(':');
            if (colon < 1) { Console.Error.WriteLine("--account takes name:base64key"); return 2; }
            (options.AccountName, options.AccountKey) = (v[..colon], v[(colon + 1)..]);
            break;
        case "--bearer-role": options.RequiredRoleForBearer = Next(); break;
        case "--response-delay-ms":
            options.ResponseDelay = TimeSpan.FromMilliseconds(int.Parse(Next(), CultureInfo.InvariantCulture));
            break;
        case "--location":
            Console.Error.WriteLine(
                "--location (persistence to disk) is not implemented yet; the emulator keeps data in memory.");
            return 2;
        default:
            Console.Error.WriteLine($"Unknown option {args[i]}. See tests/AzSync.FilesEmulator/README.md.");
            return 2;
    }
}
if (!args.Contains("--port")) options.Port = 10004;
await using var server = await FilesEmulatorServer.StartAsync(options);
Console.WriteLine($"Azure Files emulator listening on {server.BaseUri}"
    + (server.HttpsBaseUri is { } h ? $" and {h}" : ""));
await server.WaitForShutdownAsync();
return 0;
