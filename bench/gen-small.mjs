// Writes a deterministic tree of N tiny files for the scale bench: 100 files a folder, 100 folders a group
// (a/b/f.txt), each 64–1,087 bytes of seeded pseudo-random text, so every run and machine gets the same tree.
// Usage: node gen-small.mjs OUT_DIR N
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [out, countArg] = process.argv.slice(2);
const count = Number(countArg);
if (!out || !(count > 0)) { console.error('usage: node gen-small.mjs OUT_DIR N'); process.exit(2); }
let state = 0x9e3779b9;
const next = () => { // xorshift32: seeded, the same everywhere, fast enough for 200,000 files
  state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
  return state >>> 0;
};
const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789\n';
let total = 0;
for (let i = 0; i < count; i++) {
  const dir = join(out, `g${Math.floor(i / 10000)}`, `d${Math.floor(i / 100) % 100}`);
  if (i % 100 === 0) mkdirSync(dir, { recursive: true });
  const size = 64 + (next() % 1024);
  const b = Buffer.allocUnsafe(size);
  for (let j = 0; j < size; j++) b[j] = alphabet.charCodeAt(next() % alphabet.length);
  writeFileSync(join(dir, `f${i}.txt`), b);
  total += size;
}
console.log(`${count} files, ${(total / 1e6).toFixed(1)} MB in ${out}`);
