// Prints a container SAS (read, add, create, write, delete, list; 1 day) for the Azurite development account,
// so every tool in the Blob benchmark authenticates the same way.
// Usage: node make-sas.mjs CONTAINER
import { createRequire } from 'node:module';
const require = createRequire(new URL('../tools/node/package.json', import.meta.url));
const { generateBlobSASQueryParameters, ContainerSASPermissions, StorageSharedKeyCredential } = require('@azure/storage-blob');

const key = new StorageSharedKeyCredential('devstoreaccount1',
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==');
const sas = generateBlobSASQueryParameters({
  containerName: process.argv[2],
  permissions: ContainerSASPermissions.parse('racwdl'),
  expiresOn: new Date(Date.now() + 86400_000),
  version: '2025-11-05',
}, key);
console.log(sas.toString());
