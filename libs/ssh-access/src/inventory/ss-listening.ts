import { ListeningService } from '@patchproof/contracts';

const USERS = /users:\(\("((?:[^"\\]|\\.)*)",pid=\d+/;

/** The port of a local address column: `0.0.0.0:22`, `[::]:22`, `*:3306`, `127.0.0.53%lo:53`. */
function portOf(local: string): number | undefined {
  const match = /:(\d{1,5})$/.exec(local);
  const port = match ? Number(match[1]) : NaN;
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : undefined;
}

/**
 * Listening TCP services from `ss -ltnpH` (state, queues, local, peer, process): the first process
 * named in the `users:((…))` column and the port, once per name and port, by port. Sockets whose
 * process `ss` could not see (not root, another namespace) are named `unknown`.
 */
export function parseSsListening(text: string): ListeningService[] {
  const seen = new Map<string, ListeningService>();
  for (const line of text.split('\n')) {
    const columns = line.trim().split(/\s+/);
    if (columns.length < 5 || columns[0] !== 'LISTEN') continue;
    const port = portOf(columns[3]);
    if (port === undefined) continue;
    const name = (USERS.exec(line)?.[1] ?? 'unknown').slice(0, 100);
    seen.set(`${name}:${port}`, { name, port });
  }
  return [...seen.values()].sort((a, b) => (a.port ?? 0) - (b.port ?? 0) || a.name.localeCompare(b.name));
}
