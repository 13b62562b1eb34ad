import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A TCP relay to a server: stopping it is, for every client behind it, that server going away. */
export interface TcpProxy {
  readonly port: number;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Stops listening and cuts every open connection. */
  stop(): Promise<void>;
  /**
   * Stops forwarding in both directions but keeps every connection open and accepts new ones: a
   * frozen or partitioned server, which never answers and never hangs up.
   */
  freeze(): void;
  /** Forwards again, delivering what was held back, as a paused server that resumes would. */
  thaw(): void;
}

interface Link {
  readonly client: Socket;
  readonly upstream: Socket;
}

function forward({ client, upstream }: Link): void {
  client.pipe(upstream);
  upstream.pipe(client);
}

function hold({ client, upstream }: Link): void {
  client.unpipe(upstream);
  upstream.unpipe(client);
  client.pause();
  upstream.pause();
}

/** Starts a proxy on 127.0.0.1 (a free port) to `target`. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const links = new Set<Link>();
  let server: Server | undefined;
  let port = 0;
  let frozen = false;
  const listen = async () => {
    server = createServer((client) => {
      const link = { client, upstream: createConnection(target) };
      links.add(link);
      for (const socket of [link.client, link.upstream]) {
        socket.on('error', () => socket.destroy());
        socket.once('close', () => {
          links.delete(link);
          link.client.destroy();
          link.upstream.destroy();
        });
      }
      if (frozen) hold(link);
      else forward(link);
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as { port: number }).port;
  };
  await listen();
  return {
    get port() {
      return port;
    },
    start: listen,
    stop: async () => {
      const closing = server;
      server = undefined;
      for (const { client } of links) client.destroy();
      if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    // Both are no-ops when already in that state: piping a link twice would deliver every byte twice.
    freeze: () => {
      if (frozen) return;
      frozen = true;
      links.forEach(hold);
    },
    thaw: () => {
      if (!frozen) return;
      frozen = false;
      links.forEach(forward);
    },
  };
}
