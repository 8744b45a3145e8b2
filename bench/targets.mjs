// The three destinations of bench/run: what each tool's command is, how a tool's target is emptied, and the
// listing floor (one bare listing of the destination, straight to the service, timed in-process).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { listBlobs, listShareByLevel, timed } from './listings.mjs';
import { account, accountKey, makeSas } from './make-sas.mjs';

const require = createRequire(new URL('../tools/node/package.json', import.meta.url));

// Which peers can sync to each destination: azcopy cannot sync one local folder to another, and Debian's rclone
// (1.60) predates its azurefiles backend.
export const peersOf = {
  local: ['azsync', 'rclone'], blob: ['azsync', 'azcopy', 'rclone'], files: ['azsync', 'azcopy'],
};

// ctx: { root, work, src, tag, azsyncDll, azcopy, transfers, service: { url, counted } }. `endpoint` is where the
// tools connect (the counting proxy when counted), `service.url` the service itself (floors, set-up).
export function openTarget(kind, ctx) {
  const azsync = (dest, extra, del) => ['dotnet', ctx.azsyncDll, 'sync', ctx.src, dest, '--quiet', ...extra,
    ...(del ? ['--delete'] : [])];
  // rclone sync always deletes what the source lacks, so it needs no delete flag.
  const rclone = (dest) => ['rclone', 'sync', '--checksum', '--transfers', String(ctx.transfers), ctx.src, dest];
  const azcopy = (url, fromTo, del) => [ctx.azcopy, 'sync', ctx.src, url, '--compare-hash=MD5', '--put-md5',
    '--from-to', fromTo, '--recursive', `--delete-destination=${del ? 'true' : 'false'}`];

  if (kind === 'local') {
    const dir = (tool) => join(ctx.work, 'dest', `${ctx.tag}-${tool}`);
    return {
      async reset(tool) { rmSync(dir(tool), { recursive: true, force: true }); },
      command(tool, { del }) {
        return { argv: tool === 'azsync' ? azsync(dir(tool), [], del) : rclone(dir(tool)), env: {} };
      },
      listingFloor: null,
      async close() { for (const t of peersOf.local) rmSync(dir(t), { recursive: true, force: true }); },
    };
  }

  const names = new Map(); // tool -> its current container or share
  const fresh = (tool) => `${ctx.tag}-${tool}-${Date.now().toString(36)}`.toLowerCase();

  if (kind === 'blob') {
    const b = require('@azure/storage-blob');
    const svc = new b.BlobServiceClient(ctx.service.url, new b.StorageSharedKeyCredential(account(), accountKey()));
    return {
      // A new container for each initial upload: a real account keeps a deleted name busy for a while.
      async reset(tool) {
        const old = names.get(tool), name = fresh(tool);
        await svc.getContainerClient(name).create();
        names.set(tool, name);
        if (old) await svc.getContainerClient(old).deleteIfExists();
      },
      command(tool, { del, endpoint }) {
        const name = names.get(tool), url = `${endpoint}/${name}?${makeSas('blob', name)}`;
        if (tool === 'azsync') return { argv: azsync(url, ['--destination-type', 'blob'], del), env: {} };
        if (tool === 'azcopy') return { argv: azcopy(url, 'LocalBlob', del), env: {} };
        const env = { RCLONE_CONFIG_AZ_TYPE: 'azureblob', RCLONE_CONFIG_AZ_SAS_URL: url };
        return { argv: rclone(`az:${name}`), env };
      },
      async listingFloor() {
        const name = names.get('azsync');
        return timed(() => listBlobs(`${ctx.service.url}/${name}`, makeSas('blob', name)));
      },
      async close() { await Promise.all([...names.values()].map((n) => svc.getContainerClient(n).deleteIfExists())); },
    };
  }

  const f = require('@azure/storage-file-share');
  const svc = new f.ShareServiceClient(ctx.service.url, new f.StorageSharedKeyCredential(account(), accountKey()));
  return {
    async reset(tool) {
      const name = names.get(tool) ?? fresh(tool);
      await svc.getShareClient(name).deleteIfExists();
      await svc.getShareClient(name).create();
      names.set(tool, name);
    },
    command(tool, { del, endpoint }) {
      const name = names.get(tool), url = `${endpoint}/${name}?${makeSas('file', name)}`;
      if (tool === 'azsync') return { argv: azsync(url, ['--destination-type', 'file'], del), env: {} };
      // azcopy cannot tell a path-style loopback URL is Files: the direction is given.
      return { argv: azcopy(url, 'LocalFile', del), env: {} };
    },
    async listingFloor() {
      const name = names.get('azsync');
      return timed(() => listShareByLevel(`${ctx.service.url}/${name}`, makeSas('file', name)));
    },
    async close() { await Promise.all([...names.values()].map((n) => svc.getShareClient(n).deleteIfExists())); },
  };
}
