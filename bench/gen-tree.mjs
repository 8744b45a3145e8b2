// Writes a deterministic benchmark tree: by default 5,000 files / ~300 MB — most files 1–16 KB in nested
// folders, a few of 1–4 MB, two of 32 MB — with incompressible pseudo-random content from a fixed seed.
// Usage: node gen-tree.mjs OUT_DIR [SCALE=1]   (SCALE 0.1 gives a tree a tenth the size for quick runs)
//        node gen-tree.mjs OUT_DIR --small N   N small files only (0.5–4.5 KB, 50 to a folder, 100 top folders):
//        the shape of a tree whose cost is per file, not per byte (50,000 files is about 125 MB)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [out, scaleArg = '1', countArg] = process.argv.slice(2);
const smallOnly = scaleArg === '--small';
const scale = smallOnly ? 1 : Number(scaleArg);
let state = 0x9e3779b9n;
const next = () => { // xorshift64*: fast, seeded, the same on every machine
  state ^= state >> 12n; state ^= (state << 25n) & 0xffffffffffffffffn; state ^= state >> 27n;
  return Number(((state * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn) >> 32n);
};
const bytes = (n) => {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i + 4 <= n; i += 4) b.writeUInt32LE(next(), i);
  for (let i = n - (n % 4); i < n; i++) b[i] = next() & 0xff;
  return b;
};

if (smallOnly) {
  const n = Number(countArg);
  if (!(n > 0)) throw new Error('--small needs a file count');
  let bytesWritten = 0;
  for (let i = 0; i < n; i++) {
    const size = 512 + (next() % 4096), dir = join(out, `d${i % 100}`, `s${Math.floor(i / 5000)}`);
    if (i < 100 || i % 5000 < 100) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `f${i}.txt`), bytes(size));
    bytesWritten += size;
  }
  console.log(`${n} files, ${(bytesWritten / 1e6).toFixed(0)} MB in ${out}`);
  process.exit(0);
}

const medium = Math.max(1, Math.round(80 * scale)), small = Math.round(5000 * scale) - medium - 2;
let total = 0;
const write = (rel, size) => {
  const path = join(out, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, bytes(size));
  total += size;
};
for (let i = 0; i < small; i++) write(`d${i % 20}/s${(i >> 4) % 12}/f${i}.bin`, 1024 + (next() % (15 * 1024)));
for (let i = 0; i < medium; i++) write(`media/m${i}.bin`, (1 << 20) + (next() % (3 << 20)));
write('big/a.bin', Math.round((32 << 20) * Math.min(1, scale * 10)));
write('big/b.bin', Math.round((32 << 20) * Math.min(1, scale * 10)));
console.log(`${small + medium + 2} files, ${(total / 1e6).toFixed(0)} MB in ${out}`);
