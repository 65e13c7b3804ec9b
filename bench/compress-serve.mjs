// A node:http front to the built embedded engine that compresses its answers with node:zlib, for the compression
// benchmark (until the embedded server compresses itself): `node bench/compress-serve.mjs [repositories]`.
// Answers gzip or br when the request accepts it (br first, as browsers and CDNs prefer it), identity otherwise;
// `GET /stats` tells the bytes sent and received on every connection so far (HTTP headers included).
import { createServer } from 'node:http';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { PyxisEngine } from '../dist/server/index.js';

const repositories = Number(process.argv[2] ?? 2000);
const engine = new PyxisEngine({ dataset: { repositories } });
const sockets = new Set();
let closedWritten = 0;
let closedRead = 0;

// Brotli at quality 4 and gzip at zlib's default level 6: what servers use for dynamic answers (brotli's default 11
// is for static files, and costs tens of ms a response). The size hint lets brotli size its window to the body.
const brotliOptions = (size) => ({
  params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: size },
});

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/stats') {
    let written = closedWritten;
    let read = closedRead;
    for (const socket of sockets) {
      written += socket.bytesWritten;
      read += socket.bytesRead;
    }
    response.end(JSON.stringify({ written, read }));
    return;
  }
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const answer = engine.handle({
      method: 'POST',
      search: '',
      body: Buffer.concat(chunks).toString('utf8'),
    });
    const accepted = request.headers['accept-encoding'] ?? '';
    const send = (encoding, body) => {
      response.writeHead(answer.status, {
        ...answer.headers,
        ...(encoding && { 'content-encoding': encoding, vary: 'accept-encoding' }),
        'content-length': String(body.length),
      });
      response.end(body);
    };
    if (/\bbr\b/.test(accepted))
      brotliCompress(answer.body, brotliOptions(answer.body.length), (_error, body) => send('br', body));
    else if (/\bgzip\b/.test(accepted)) gzip(answer.body, (_error, body) => send('gzip', body));
    else send(undefined, Buffer.from(answer.body));
  });
});
server.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => {
    sockets.delete(socket);
    closedWritten += socket.bytesWritten;
    closedRead += socket.bytesRead;
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () =>
  process.stdout.write(`http://127.0.0.1:${server.address().port}/graphql\n`),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
