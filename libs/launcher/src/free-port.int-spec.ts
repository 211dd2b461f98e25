import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePort } from './free-port';

describe('freePort', () => {
  it('hands out ports below the ephemeral range, so no outgoing connection can take one before the app binds it', async () => {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    const ports = await Promise.all(Array.from({ length: 50 }, () => freePort()));
    expect(ports.every((port) => port >= 10_000 && port < low)).toBe(true);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('skips a port something already listens on', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(10_000, '127.0.0.1', resolve));
    // The first pick is 10,000 (held by the blocker), the second one is free.
    const random = jest.spyOn(Math, 'random').mockReturnValueOnce(0).mockReturnValueOnce(0.5);
    try {
      const port = await freePort();
      expect(port).not.toBe(10_000);
      expect(random).toHaveBeenCalledTimes(2);
    } finally {
      random.mockRestore();
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
