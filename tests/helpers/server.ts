import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  readonly server: Server;
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly origin: string;
}

/** Serves `listener` on 127.0.0.1 at a free port: for tests whose peer is a real client (a browser, a child process). */
export async function listenOnFreePort(listener: RequestListener): Promise<Listening> {
  const server = createServer(listener).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
