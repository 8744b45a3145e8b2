// The listing floors of issue 18, one bare listing of a destination straight to the service: List Blobs of the
// whole container (5,000 to a page, pages one after another: each needs the last one's marker), or for Azure
// Files one round of List Directories and Files per directory level, every folder of a level listed at once (no
// client that walks the tree can need fewer round trips). Used by bench/run (targets.mjs) and, as a command, by
// bench/floor.sh: `node listings.mjs blob|file URL SAS` prints the seconds one listing took.
import { fileURLToPath } from 'node:url';

const version = { 'x-ms-version': '2025-11-05' };

async function get(url) {
  const r = await fetch(url, { headers: version });
  const text = await r.text();
  if (!r.ok) throw new Error(`listing answered ${r.status}: ${text.slice(0, 200)}`);
  return text;
}

const nextMarker = (xml) => /<NextMarker>([^<]+)<\/NextMarker>/.exec(xml)?.[1];
const withMarker = (marker) => (marker ? `&marker=${encodeURIComponent(marker)}` : '');

export async function listBlobs(containerUrl, sas) {
  let marker;
  do marker = nextMarker(await get(`${containerUrl}?restype=container&comp=list&maxresults=5000&${sas}` +
    withMarker(marker)));
  while (marker);
}

export async function listShareByLevel(shareUrl, sas) {
  let level = [''];
  while (level.length > 0) level = (await Promise.all(level.map((dir) => listDirectory(shareUrl, dir, sas)))).flat();
}

async function listDirectory(shareUrl, dir, sas) {
  const path = dir.split('/').filter(Boolean).map(encodeURIComponent).join('/');
  const children = [];
  let marker;
  do {
    const xml = await get(`${shareUrl}${path ? `/${path}` : ''}?restype=directory&comp=list&${sas}` +
      withMarker(marker));
    for (const m of xml.matchAll(/<Directory\b[^>]*>([\s\S]*?)<\/Directory>/g)) {
      const name = /<Name>([^<]*)<\/Name>/.exec(m[1])?.[1];
      if (name) children.push(dir ? `${dir}/${name}` : name);
    }
    marker = nextMarker(xml);
  } while (marker);
  return children;
}

export async function timed(fn) {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [kind, url, sas] = process.argv.slice(2);
  const list = { blob: listBlobs, file: listShareByLevel }[kind];
  if (!list || !url || sas === undefined) {
    console.error('usage: node listings.mjs blob|file URL SAS');
    process.exit(2);
  }
  console.log((await timed(() => list(url, sas))).toFixed(3));
}
