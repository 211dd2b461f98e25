import { Topics } from '@gatehouse/contracts';
import {
  formatMarker,
  formatMarkerProblem,
  JournalLayout,
  parsePositionFileName,
  parseSegmentFileName,
  positionFileName,
  segmentFileName,
} from './journal-layout';

describe('journal layout', () => {
  it('names segments by their base offset, sortable as text', () => {
    expect(segmentFileName(0)).toBe('00000000000000000000.jsonl');
    expect(segmentFileName(16_777_216)).toBe('00000000000016777216.jsonl');
    expect(parseSegmentFileName(segmentFileName(16_777_216))).toBe(16_777_216);
    expect([segmentFileName(10), segmentFileName(9)].sort()).toEqual([segmentFileName(9), segmentFileName(10)]);
    expect(parseSegmentFileName('00000000000000000000.jsonl.tmp')).toBeUndefined();
    expect(parseSegmentFileName('lock')).toBeUndefined();
  });

  it('keeps a group id inside its position directory', () => {
    expect(positionFileName('auth-spend')).toBe('auth-spend.json');
    expect(positionFileName('../x/y')).toBe('..%2Fx%2Fy.json');
    expect(parsePositionFileName(positionFileName('../x/y'))).toBe('../x/y');
    expect(parsePositionFileName('auth-spend.json.tmp')).toBeUndefined();
    expect(new JournalLayout('/j').positionFile(Topics.UsageV1, 'a/b')).toBe('/j/positions/usage.v1/a%2Fb.json');
  });

  it('puts dead letters under the topic’s dead-letter name', () => {
    expect(new JournalLayout('/j').deadLetterFile(Topics.UsageV1)).toBe('/j/dead-letters/usage.v1.dlq.jsonl');
  });

  it('accepts its own format marker and names what is wrong with another', () => {
    expect(formatMarkerProblem(formatMarker())).toBeUndefined();
    expect(formatMarkerProblem('{"journal":"gatehouse-event-journal","format":2}')).toBe(
      'it is format 2; this build reads format 1',
    );
    expect(formatMarkerProblem('{"journal":"other","format":1}')).toBe('it names "other", not gatehouse-event-journal');
    expect(formatMarkerProblem('not json')).toBe('it is not JSON');
  });
});
