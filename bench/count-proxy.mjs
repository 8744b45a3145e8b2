// A TCP proxy that counts what a client sends to a storage endpoint: HTTP requests and bytes (headers and
// bodies). Every tool in a benchmark goes through it, so requests and bytes are measured the same way for all.
// Usage: node count-proxy.mjs LISTEN_PORT TARGET_PORT STATS_FILE [RTT_MS]   (stats written on SIGTERM/SIGINT)
// RTT_MS holds every answer that long on its way back, as an account in another region would.
import net from 'node:net';
import { writeFileSync } from 'node:fs';

const [listenPort, targetPort, statsFile, rtt = '0'] = process.argv.slice(2);
const delay = Number(rtt);
const stats = { requests: 0, bytesSent: 0, bodyBytes: 0, byMethod: {} };

net.createServer((client) => {
  const upstream = net.connect(Number(targetPort), '127.0.0.1');
  let head = Buffer.alloc(0);
  let bodyLeft = 0;
  client.on('data', (chunk) => {
    stats.bytesSent += chunk.length;
    let data = chunk;
    while (data.length > 0) {
      if (bodyLeft > 0) {
        const n = Math.min(bodyLeft, data.length);
        bodyLeft -= n; stats.bodyBytes += n; data = data.subarray(n);
        continue;
      }
      head = Buffer.concat([head, data]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) { data = Buffer.alloc(0); break; }
      const text = head.subarray(0, end).toString('latin1');
      const method = text.split(' ', 1)[0];
      stats.requests++;
      stats.byMethod[method] = (stats.byMethod[method] ?? 0) + 1;
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(text);
      bodyLeft = length ? Number(length[1]) : 0;
      data = head.subarray(end + 4);
      head = Buffer.alloc(0);
    }
    upstream.write(chunk);
  });
  // Timers of equal length fire in the order they were set, so a held answer keeps its bytes in order.
  if (delay > 0) upstream.on('data', (chunk) => setTimeout(() => client.write(chunk), delay));
  else upstream.pipe(client);
  client.on('end', () => upstream.end());
  if (delay > 0) upstream.on('end', () => setTimeout(() => client.end(), delay));
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
}).listen(Number(listenPort), '127.0.0.1');

const save = () => { writeFileSync(statsFile, JSON.stringify(stats)); process.exit(0); };
process.on('SIGTERM', save);
process.on('SIGINT', save);
