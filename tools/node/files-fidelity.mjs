// Round trip against an Azure Files endpoint with the official SDK; exits non-zero on any mismatch.
// Usage: node tools/node/files-fidelity.mjs <baseUrl e.g. http://127.0.0.1:PORT/devstoreaccount1> <sharedkey|sas|share-sas>
import { randomBytes, createHash } from "node:crypto";
import {
  ShareServiceClient, ShareClient, StorageSharedKeyCredential, generateAccountSASQueryParameters,
  generateFileSASQueryParameters, FileSASPermissions, AccountSASPermissions, AccountSASResourceTypes, AccountSASServices,
  ShareSASPermissions, SASProtocol,
} from "@azure/storage-file-share";

const [baseUrl, mode] = process.argv.slice(2);
const account = process.env.EMULATOR_ACCOUNT ?? "devstoreaccount1";
const key = process.env.EMULATOR_KEY ?? "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const cred = new StorageSharedKeyCredential(account, key);

function fail(msg) { console.error("MISMATCH: " + msg); process.exit(1); }
function eq(a, b, what) { if (a !== b) fail(`${what}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`); }

const shareName = `fid-${mode}-${Date.now()}`;
const keyed = new ShareServiceClient(baseUrl, cred);
let share;
if (mode === "sharedkey") share = keyed.getShareClient(shareName);
else if (mode === "sas") {
  const sas = generateAccountSASQueryParameters({
    expiresOn: new Date(Date.now() + 3600_000),
    permissions: AccountSASPermissions.parse("rwdlc"),
    resourceTypes: AccountSASResourceTypes.parse("sco").toString(),
    services: AccountSASServices.parse("f").toString(),
    protocol: SASProtocol.HttpsAndHttp,
  }, cred).toString();
  share = new ShareServiceClient(`${baseUrl}?${sas}`).getShareClient(shareName);
} else if (mode === "share-sas") {
  // A share service SAS cannot create its own share: create it with the key, then work only through the SAS.
  await keyed.getShareClient(shareName).create();
  const sas = generateFileSASQueryParameters({
    shareName, expiresOn: new Date(Date.now() + 3600_000), permissions: ShareSASPermissions.parse("rcwdl"),
    protocol: SASProtocol.HttpsAndHttp,
  }, cred).toString();
  share = new ShareClient(`${baseUrl}/${shareName}?${sas}`);
} else fail("mode must be sharedkey, sas or share-sas");

if (mode !== "share-sas") await share.create();
if (mode !== "share-sas") {
  const props = await share.getProperties();
  if (!props.etag) fail("share has no etag");
}
const a = share.getDirectoryClient("a");
await a.create();
const ab = a.getDirectoryClient("b");
await ab.create();

const sizes = { "empty.bin": 0, "one.bin": 1, "big.bin": 4 * 1024 * 1024 + 1, "ten.bin": 10 * 1024 * 1024 };
const contents = {};
for (const [name, size] of Object.entries(sizes)) {
  const data = randomBytes(size);
  contents[name] = data;
  await ab.getFileClient(name).uploadData(data, { rangeSize: 4 * 1024 * 1024 });
}
const listed = [];
for await (const item of ab.listFilesAndDirectories({ includeTimestamps: true, includeEtag: true, includeAttributes: true })) {
  listed.push(item);
}
eq(listed.map(x => x.name).sort().join(","), Object.keys(sizes).sort().join(","), "listing names");
for (const item of listed) eq(item.properties.contentLength, sizes[item.name], `listed size of ${item.name}`);
const top = [];
for await (const item of share.rootDirectoryClient.listFilesAndDirectories()) top.push(`${item.kind}:${item.name}`);
eq(top.join(","), "directory:a", "root listing");

for (const [name, data] of Object.entries(contents)) {
  const got = await ab.getFileClient(name).downloadToBuffer();
  eq(got.length, data.length, `downloaded size of ${name}`);
  if (!got.equals(data)) fail(`content of ${name} differs`);
}

// Put Range From URL: a range of ten.bin copied by the service into a new file, the source read through a file SAS.
const sourceSas = generateFileSASQueryParameters({
  shareName, filePath: "a/b/ten.bin", expiresOn: new Date(Date.now() + 3600_000), permissions: FileSASPermissions.parse("r"),
  protocol: SASProtocol.HttpsAndHttp,
}, cred).toString();
const copy = ab.getFileClient("copy.bin");
await copy.create(2 * 1024 * 1024);
await copy.uploadRangeFromURL(`${ab.getFileClient("ten.bin").url.split("?")[0]}?${sourceSas}`, 5 * 1024 * 1024, 1024 * 1024, 1024 * 1024);
const copied = await copy.downloadToBuffer();
if (!copied.subarray(1024 * 1024).equals(contents["ten.bin"].subarray(5 * 1024 * 1024, 6 * 1024 * 1024))) fail("range copied from URL differs");
if (copied.subarray(0, 1024 * 1024).some(b => b !== 0)) fail("bytes outside the copied range changed");
await copy.delete();

const f = ab.getFileClient("one.bin");
const md5 = createHash("md5").update(contents["one.bin"]).digest();
await f.setHttpHeaders({ fileContentType: "text/plain", fileContentLanguage: "en", fileCacheControl: "no-cache", fileContentMD5: md5 });
let p = await f.getProperties();
eq(p.contentType, "text/plain", "content type");
eq(p.contentLanguage, "en", "content language");
eq(p.cacheControl, "no-cache", "cache control");
eq(Buffer.from(p.contentMD5).toString("base64"), md5.toString("base64"), "content md5");
await f.setHttpHeaders({ fileContentType: "application/json" });
p = await f.getProperties();
eq(p.contentType, "application/json", "content type after second set");
eq(p.contentLanguage, undefined, "content language cleared");

for (const name of Object.keys(sizes)) await ab.getFileClient(name).delete();
await ab.delete();
await a.delete();
await keyed.getShareClient(shareName).delete();
console.log(`files-fidelity ${mode}: OK`);
