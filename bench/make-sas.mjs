// A SAS (read, add, create, write, delete, list; 1 day) for a container or share of the development account, so
// every tool in a benchmark authenticates the same way. The account is the emulators' development account unless
// BENCH_ACCOUNT and BENCH_ACCOUNT_KEY name a real one. bench/bench.mjs imports it; as a command:
// Usage: node make-sas.mjs blob CONTAINER | node make-sas.mjs file SHARE
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
const require = createRequire(new URL('../tools/node/package.json', import.meta.url));

// The development account the emulators serve; its key is published by Microsoft, not a secret.
export const devKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
export const account = () => process.env.BENCH_ACCOUNT || 'devstoreaccount1';
export const accountKey = () => process.env.BENCH_ACCOUNT_KEY || devKey;

export function makeSas(service, name) {
  const expiresOn = new Date(Date.now() + 86400_000), version = '2025-11-05';
  if (service === 'blob') {
    const b = require('@azure/storage-blob');
    const permissions = b.ContainerSASPermissions.parse('racwdl');
    return b.generateBlobSASQueryParameters({ containerName: name, permissions, expiresOn, version },
      new b.StorageSharedKeyCredential(account(), accountKey())).toString();
  }
  if (service === 'file') {
    const f = require('@azure/storage-file-share');
    const permissions = f.ShareSASPermissions.parse('rcwdl');
    return f.generateFileSASQueryParameters({ shareName: name, permissions, expiresOn, version },
      new f.StorageSharedKeyCredential(account(), accountKey())).toString();
  }
  throw new Error('usage: node make-sas.mjs blob|file NAME');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(makeSas(process.argv[2], process.argv[3]));
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
}
