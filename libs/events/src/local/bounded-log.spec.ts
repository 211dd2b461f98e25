import type { Logger } from '@gatehouse/logging';
import { BoundedLog } from './bounded-log';

describe('BoundedLog', () => {
  const setup = () => {
    const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
    const logger = {
      error: (fields: Record<string, unknown>, message: string) => lines.push({ level: 'error', fields, message }),
      info: (fields: Record<string, unknown>, message: string) => lines.push({ level: 'info', fields, message }),
    };
    let now = 0;
    const log = new BoundedLog(logger as unknown as Pick<Logger, 'error' | 'info'>, { group: 'g' }, 1_000, () => now);
    return { lines, log, advance: (ms: number) => (now += ms) };
  };

  it('logs a repeating failure once per interval, counting what it held back', () => {
    const { lines, log, advance } = setup();
    log.failed(new Error('down'), 'failed');
    for (let i = 0; i < 5; i++) {
      advance(100);
      log.failed(new Error('down'), 'failed');
    }
    expect(lines).toHaveLength(1);
    advance(600);
    log.failed(new Error('down'), 'failed');
    expect(lines.map((line) => [line.fields.failures, line.fields.unlogged])).toEqual([
      [1, 0],
      [7, 5],
    ]);
    expect(lines[1]?.fields.group).toBe('g');
  });

  it('says once that it recovered, and nothing when nothing had failed', () => {
    const { lines, log } = setup();
    log.recovered('ok again');
    expect(lines).toEqual([]);
    log.failed(new Error('down'), 'failed');
    log.recovered('ok again');
    log.recovered('ok again');
    expect(lines.map((line) => line.level)).toEqual(['error', 'info']);
    log.failed(new Error('down'), 'failed');
    expect(lines).toHaveLength(3);
  });
});
