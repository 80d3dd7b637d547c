// The physical limit of the HTTP layer: a bare node:http server that reads and parses the same
// JSON request and answers a fixed JSON body with the same headers as sms-voice-local.
// BASELINE_BODY_BYTES pads the answer to that size, so a read whose answer is large is compared
// with a baseline that writes as many bytes.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';

const empty = JSON.stringify({ ConfigurationSets: [] });
const size = Number(process.env.BASELINE_BODY_BYTES ?? 0);
const body = size > empty.length ? JSON.stringify({ ConfigurationSets: [], Padding: 'x'.repeat(size - empty.length - 13) }) : empty;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    res.writeHead(200, {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': randomUUID(),
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address() as { port: number };
  console.log(JSON.stringify({ msg: 'sms-voice-local listening', url: `http://127.0.0.1:${address.port}` }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
