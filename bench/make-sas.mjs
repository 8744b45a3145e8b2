// Prints a SAS (read, add, create, write, delete, list; 1 day) for the development account's container or share,
// so every tool in a benchmark authenticates the same way. The account is the emulators' development account
// unless BENCH_ACCOUNT and BENCH_ACCOUNT_KEY name a real one.
// Usage: node make-sas.mjs blob CONTAINER | node make-sas.mjs file SHARE
import { createRequire } from 'node:module';
const require = createRequire(new URL('../tools/node/package.json', import.meta.url));
const [service, name] = process.argv.slice(2);
const account = process.env.BENCH_ACCOUNT || 'devstoreaccount1';
const secret = process.env.BENCH_ACCOUNT_KEY || 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const expiresOn = new Date(Date.now() + 86400_000);
if (service === 'blob') {
  const b = require('@azure/storage-blob');
  console.log(b.generateBlobSASQueryParameters({ containerName: name, permissions: b.ContainerSASPermissions.parse('racwdl'),
    expiresOn, version: '2025-11-05' }, new b.StorageSharedKeyCredential(account, secret)).toString());
} else if (service === 'file') {
  const f = require('@azure/storage-file-share');
  console.log(f.generateFileSASQueryParameters({ shareName: name, permissions: f.ShareSASPermissions.parse('rcwdl'),
    expiresOn, version: '2025-11-05' }, new f.StorageSharedKeyCredential(account, secret)).toString());
} else {
  console.error('usage: node make-sas.mjs blob|file NAME');
  process.exit(2);
}
