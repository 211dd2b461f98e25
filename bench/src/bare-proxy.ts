import { Agent, createServer, request } from 'node:http';
import { parseArgs } from 'node:util';

/**
 * The floor for any gateway written in Node: each request piped to the upstream over a keep-alive
 * agent, and the answer piped back with its status and headers, parsing nothing. What a gateway adds
 * above this is its own work. Run as `node bare-proxy.js --port=N --upstream=http://host:port`.
 */
const { values } = parseArgs({ options: { port: { type: 'string' }, upstream: { type: 'string' } } });
if (!values.port || !values.upstream) throw new Error('usage: bare-proxy.js --port=N --upstream=http://host:port');
const upstream = new URL(values.upstream);
const agent = new Agent({ keepAlive: true });

const server = createServer((incoming, outgoing) => {
  const forward = request(
    {
      agent,
      host: upstream.hostname,
      port: upstream.port,
      method: incoming.method,
      path: incoming.url,
      // Raw, as received: names, order and repeated headers untouched.
      headers: incoming.rawHeaders,
    },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(outgoing);
    },
  );
  forward.on('error', (error) => {
    if (outgoing.headersSent) outgoing.destroy(error);
    else outgoing.writeHead(502, { 'content-type': 'text/plain' }).end(`bare proxy: ${error.message}`);
  });
  incoming.pipe(forward);
});
server.listen(Number(values.port), '127.0.0.1');

// `npm run bench -- --profile` stops it with SIGTERM, and --cpu-prof writes its profile only on a normal exit.
process.once('SIGTERM', () => process.exit());
