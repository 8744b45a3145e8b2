// A broad scenario against an Azure Files endpoint with the official JS SDK; exits non-zero on any mismatch.
// Usage: node tools/node/files-fidelity.mjs <baseUrl e.g. http://127.0.0.1:PORT/devstoreaccount1> <sharedkey|sas|share-sas|bearer>
// bearer: baseUrl must be https (the SDK sends tokens only over TLS); the token comes from EMULATOR_TOKEN.
import { randomBytes, createHash } from "node:crypto";
import {
  ShareServiceClient, ShareClient, StorageSharedKeyCredential, generateAccountSASQueryParameters,
  generateFileSASQueryParameters, FileSASPermissions, AccountSASPermissions, AccountSASResourceTypes, AccountSASServices,
  ShareSASPermissions, SASProtocol, FileSystemAttributes,
} from "@azure/storage-file-share";

const [baseUrl, mode] = process.argv.slice(2);
const account = process.env.EMULATOR_ACCOUNT ?? "devstoreaccount1";
const key = process.env.EMULATOR_KEY ?? "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const cred = new StorageSharedKeyCredential(account, key);

function fail(msg) { console.error("MISMATCH: " + msg); process.exit(1); }
function eq(a, b, what) { if (a !== b) fail(`${what}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`); }
async function expectCode(promise, code, what) {
  try { await promise; } catch (e) { eq(e.code, code, what); return; }
  fail(`${what}: expected ${code}, but it succeeded`);
}
const md5 = data => createHash("md5").update(data).digest("base64");
const MiB = 1024 * 1024;
// Trailing dots kept, as the service allows from 2022-11-02 with x-ms-allow-trailing-dot.
const options = { allowTrailingDot: true, allowSourceTrailingDot: true };

const shareName = `fid-${mode}-${Date.now()}`;
const keyed = new ShareServiceClient(baseUrl, cred, options);
let share;
if (mode === "sharedkey") share = keyed.getShareClient(shareName);
else if (mode === "bearer") {
  const token = { getToken: async () => ({ token: process.env.EMULATOR_TOKEN, expiresOnTimestamp: Date.now() + 3600_000 }) };
  share = new ShareServiceClient(baseUrl, token, { ...options, fileRequestIntent: "backup" }).getShareClient(shareName);
}
else if (mode === "sas") {
  const sas = generateAccountSASQueryParameters({
    expiresOn: new Date(Date.now() + 3600_000),
    permissions: AccountSASPermissions.parse("rwdlc"),
    resourceTypes: AccountSASResourceTypes.parse("sco").toString(),
    services: AccountSASServices.parse("f").toString(),
    protocol: SASProtocol.HttpsAndHttp,
  }, cred).toString();
  share = new ShareServiceClient(`${baseUrl}?${sas}`, undefined, options).getShareClient(shareName);
} else if (mode === "share-sas") {
  // A share service SAS cannot create its own share: create it with the key, then work only through the SAS.
  await keyed.getShareClient(shareName).create();
  const sas = generateFileSASQueryParameters({
    shareName, expiresOn: new Date(Date.now() + 3600_000), permissions: ShareSASPermissions.parse("rcwdl"),
    protocol: SASProtocol.HttpsAndHttp,
  }, cred).toString();
  share = new ShareClient(`${baseUrl}/${shareName}?${sas}`, undefined, options);
} else fail("mode must be sharedkey, sas, share-sas or bearer");

if (mode !== "share-sas") {
  await share.create();
  await expectCode(share.create(), "ShareAlreadyExists", "second share create");
}
if (!(await share.getProperties()).etag) fail("share has no etag");
const a = share.getDirectoryClient("a");
await a.create();
const ab = a.getDirectoryClient("b");
await ab.create();

const sizes = { "empty.bin": 0, "one.bin": 1, "big.bin": 4 * MiB + 1 };
if (mode === "sharedkey") sizes["huge.bin"] = 100 * MiB; // one upload and one download, under one credential
const contents = {};
for (const [name, size] of Object.entries(sizes)) {
  const data = randomBytes(size);
  contents[name] = data;
  await ab.getFileClient(name).uploadData(data, { rangeSize: 4 * MiB });
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
  eq(md5(got), md5(data), `MD5 of ${name}`);
}
// A ranged read asks the service for that range's MD5 (at most 4 MiB; more is refused).
const ranged = await ab.getFileClient("big.bin").download(1, 4 * MiB, { rangeGetContentMD5: true });
eq(Buffer.from(ranged.contentMD5).toString("base64"), md5(contents["big.bin"].subarray(1, 1 + 4 * MiB)), "range MD5");
const rangedBytes = [];
for await (const chunk of ranged.readableStreamBody) rangedBytes.push(chunk);
eq(md5(Buffer.concat(rangedBytes)), md5(contents["big.bin"].subarray(1, 1 + 4 * MiB)), "ranged bytes");
await expectCode(ab.getFileClient("big.bin").download(0, 4 * MiB + 1, { rangeGetContentMD5: true }), "InvalidHeaderValue", "range MD5 over 4 MiB");

// Put Range From URL: a range of big.bin copied by the service into a new file, the source read through a file SAS.
const sourceSas = generateFileSASQueryParameters({
  shareName, filePath: "a/b/big.bin", expiresOn: new Date(Date.now() + 3600_000), permissions: FileSASPermissions.parse("r"),
  protocol: SASProtocol.HttpsAndHttp,
}, cred).toString();
const copy = ab.getFileClient("copy.bin");
await copy.create(2 * MiB);
await copy.uploadRangeFromURL(`${ab.getFileClient("big.bin").url.split("?")[0]}?${sourceSas}`, 2 * MiB, MiB, MiB);
const copied = await copy.downloadToBuffer();
if (!copied.subarray(MiB).equals(contents["big.bin"].subarray(2 * MiB, 3 * MiB))) fail("range copied from URL differs");
if (copied.subarray(0, MiB).some(b => b !== 0)) fail("bytes outside the copied range changed");
await copy.delete();

const f = ab.getFileClient("one.bin");
const oneMd5 = createHash("md5").update(contents["one.bin"]).digest();
await f.setHttpHeaders({ fileContentType: "text/plain", fileContentLanguage: "en", fileCacheControl: "no-cache", fileContentMD5: oneMd5 });
let p = await f.getProperties();
eq(p.contentType, "text/plain", "content type");
eq(p.contentLanguage, "en", "content language");
eq(p.cacheControl, "no-cache", "cache control");
eq(Buffer.from(p.contentMD5).toString("base64"), oneMd5.toString("base64"), "content md5");
await f.setHttpHeaders({ fileContentType: "application/json" });
p = await f.getProperties();
eq(p.contentType, "application/json", "content type after second set");
eq(p.contentLanguage, undefined, "content language cleared");

// Paged listing: 7 files and a directory in pages of at most 3.
const paged = a.getDirectoryClient("paged");
await paged.create();
const expected = [];
for (let i = 0; i < 7; i++) { await paged.getFileClient(`f${i}`).create(i); expected.push(`f${i}`); }
await paged.getDirectoryClient("sub").create();
expected.push("sub");
let pages = 0;
const pagedNames = [];
for await (const page of paged.listFilesAndDirectories().byPage({ maxPageSize: 3 })) {
  pages++;
  for (const d of page.segment.directoryItems) pagedNames.push(d.name);
  for (const f of page.segment.fileItems) pagedNames.push(f.name);
}
eq(pages, 3, "pages of 3");
eq(pagedNames.sort().join(","), expected.join(","), "paged names");

// Leases: acquire, writes and deletes need the id, reads do not; change, break, release.
const leased = paged.getFileClient("f3");
const leaseId = "1f812371-a41d-49e6-b123-f4b542e851c5";
const lease = leased.getShareLeaseClient(leaseId);
eq((await lease.acquireLease(-1)).leaseId, leaseId, "acquired lease id");
const lp = await leased.getProperties();
eq(`${lp.leaseState}/${lp.leaseStatus}/${lp.leaseDuration}`, "leased/locked/infinite", "lease properties");
await expectCode(leased.delete(), "LeaseIdMissing", "delete without the lease id");
await expectCode(leased.uploadRange(Buffer.from("abc"), 0, 3), "LeaseIdMissing", "write without the lease id");
await expectCode(leased.delete({ leaseAccessConditions: { leaseId: "00000000-0000-0000-0000-000000000001" } }),
  "LeaseIdMismatchWithFileOperation", "delete with another lease id");
await expectCode(leased.getShareLeaseClient().acquireLease(-1), "LeaseAlreadyPresent", "acquire on a leased file");
await leased.uploadRange(Buffer.from("abc"), 0, 3, { leaseAccessConditions: { leaseId } });
eq((await leased.downloadToBuffer()).toString(), "abc", "written under the lease");
const changed = "2f812371-a41d-49e6-b123-f4b542e851c5";
eq((await lease.changeLease(changed)).leaseId, changed, "changed lease id");
await lease.breakLease();
eq((await leased.getProperties()).leaseState, "broken", "broken lease");
await leased.getShareLeaseClient(changed).releaseLease();
eq((await leased.getProperties()).leaseState, "available", "released lease");

// ReadOnly: no writes, no delete, until Set Properties clears the attribute.
const ro = paged.getFileClient("ro");
await ro.create(3, { fileAttributes: FileSystemAttributes.parse("ReadOnly") });
await expectCode(ro.uploadRange(Buffer.from("abc"), 0, 3), "ReadOnlyAttribute", "write to a ReadOnly file");
await expectCode(ro.delete(), "ReadOnlyAttribute", "delete of a ReadOnly file");
await ro.setProperties({ fileAttributes: FileSystemAttributes.parse("None") });
await ro.delete();

// Trailing dots and Unicode names round-trip through paths and the listing.
const names = ["dotted.", "ünïcødé 文件 ✓.txt", "spaces and %25.txt"];
const named = a.getDirectoryClient("names");
await named.create();
for (const n of names) await named.getFileClient(n).uploadData(Buffer.from(n));
const listedNames = [];
for await (const item of named.listFilesAndDirectories()) listedNames.push(item.name);
eq(listedNames.sort().join("|"), [...names].sort().join("|"), "Unicode and dotted names");
for (const n of names) {
  eq((await named.getFileClient(n).downloadToBuffer()).toString(), n, `content of ${n}`);
  await named.getFileClient(n).delete();
}
await named.delete();

if (mode === "sharedkey") {
  // A file SAS reads its one file and nothing else; it cannot delete.
  const fileSas = generateFileSASQueryParameters({
    shareName, filePath: "a/b/one.bin", expiresOn: new Date(Date.now() + 3600_000), permissions: FileSASPermissions.parse("r"),
    protocol: SASProtocol.HttpsAndHttp,
  }, cred).toString();
  const viaSas = new ShareClient(`${baseUrl}/${shareName}?${fileSas}`).getDirectoryClient("a/b");
  eq(md5(await viaSas.getFileClient("one.bin").downloadToBuffer()), md5(contents["one.bin"]), "read through a file SAS");
  await expectCode(viaSas.getFileClient("one.bin").delete(), "AuthorizationPermissionMismatch", "delete through a read file SAS");
  await expectCode(viaSas.getFileClient("big.bin").getProperties(), "AuthenticationFailed", "another file through a file SAS");
}

await expectCode(share.getDirectoryClient("nodir").getFileClient("f").create(1), "ParentNotFound", "create under a missing folder");
await expectCode(ab.getFileClient("missing").getProperties(), "ResourceNotFound", "properties of a missing file");

for (const n of [...expected.filter(n => n !== "sub")]) await paged.getFileClient(n).delete();
await paged.getDirectoryClient("sub").delete();
await paged.delete();
for (const name of Object.keys(sizes)) await ab.getFileClient(name).delete();
await ab.delete();
await a.delete();
await keyed.getShareClient(shareName).delete();
console.log(`files-fidelity ${mode}: OK`);
process.exit(0); // pooled keep-alive sockets would hold the process open
