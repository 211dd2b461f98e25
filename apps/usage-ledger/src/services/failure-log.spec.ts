import { Logger } from '@gatehouse/logging';
import { FailureLog } from './failure-log';

function recordingLogger() {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push({ level, message, fields });
  };
  return { lines, logger: { error: at('error'), info: at('info') } as unknown as Logger };
}

describe('FailureLog', () => {
  it('logs the first failure, then at most once per period while failing, then the recovery', () => {
    const { lines, logger } = recordingLogger();
    let now = 1_000;
    const log = new FailureLog(logger, 'usage archive', 60_000, () => now);
    const error = new Error('S3 is down');

    log.failed(error, { archive: 's3://usage' });
    for (let i = 0; i < 5; i++) {
      now += 10_000;
      log.failed(error);
    }
    now += 10_000;
    log.failed(error);
    log.succeeded();
    log.succeeded();

    expect(lines.map((line) => [line.level, line.message])).toEqual([
      ['error', 'usage archive failed; retrying'],
      ['error', 'usage archive still failing'],
      ['info', 'usage archive working again'],
    ]);
    expect(lines[0].fields).toEqual({ err: error, archive: 's3://usage' });
    expect(lines[1].fields).toMatchObject({ failures: 7 });
    expect(lines[2].fields).toEqual({ failures: 7 });
  });

  it('starts over after a recovery', () => {
    const { lines, logger } = recordingLogger();
    const log = new FailureLog(logger, 'job', 60_000, () => 0);
    log.failed(new Error('one'));
    log.succeeded();
    log.failed(new Error('two'));
    expect(lines.map((line) => line.message)).toEqual([
      'job failed; retrying',
      'job working again',
      'job failed; retrying',
    ]);
  });
});
