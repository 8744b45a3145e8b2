// The listing floors of issue 18, timed with nothing else running: one bare List Blobs of the whole container
// (page after page), or, for Azure Files, one round of List Directories and Files per directory level, every
// folder of a level listed at once (no client that walks the tree can need fewer round trips). Prints seconds.
// Usage: node list-floor.mjs blob CONTAINER_URL SAS | node list-floor.mjs file SHARE_URL SAS
const [kind, base, sas] = process.argv.slice(2);
const get = async (url) => {
  const r = await fetch(url, { headers: { 'x-ms-version': '2025-11-05' } });
  const text = await r.text();
  if (!r.ok) throw new Error(`${r.status} from ${url.split('?')[0]}`);
  return text;
};
const nextMarker = (xml) => /<NextMarker>([^<]*)<\/NextMarker>/.exec(xml)?.[1] ?? '';
const withMarker = (marker) => (marker ? `&marker=${encodeURIComponent(marker)}` : '');

// The sub-folders of one folder of the share, every page of it.
const folders = async (dir) => {
  const names = [];
  let marker = '';
  do {
    const query = `restype=directory&comp=list&maxresults=5000${withMarker(marker)}&${sas}`;
    const xml = await get(`${base}${dir ? `/${dir}` : ''}?${query}`);
    for (const m of xml.matchAll(/<Directory>.*?<Name>([^<]*)<\/Name>/gs)) names.push(dir ? `${dir}/${m[1]}` : m[1]);
    marker = nextMarker(xml);
  } while (marker);
  return names;
};

const start = performance.now();
if (kind === 'blob') {
  let marker = '';
  do marker = nextMarker(await get(`${base}?restype=container&comp=list&maxresults=5000${withMarker(marker)}&${sas}`));
  while (marker);
} else if (kind === 'file') {
  for (let level = ['']; level.length;) level = (await Promise.all(level.map(folders))).flat();
} else {
  console.error('usage: node list-floor.mjs blob|file URL SAS');
  process.exit(2);
}
console.log(((performance.now() - start) / 1000).toFixed(3));
