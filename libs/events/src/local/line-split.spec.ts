import { splitLines } from './line-split';

describe('splitLines', () => {
  const buffer = Buffer.from('{"a":1}\n{"b":"é"}\n{"c":');

  it('takes the whole lines and leaves a line without its newline', () => {
    expect(splitLines(buffer, buffer.length, 10)).toEqual({ lines: ['{"a":1}', '{"b":"é"}'], consumed: 19 });
  });

  it('stops at the line limit', () => {
    expect(splitLines(buffer, buffer.length, 1)).toEqual({ lines: ['{"a":1}'], consumed: 8 });
  });

  it('reads only the first `length` bytes of a reused buffer', () => {
    expect(splitLines(buffer, 10, 10)).toEqual({ lines: ['{"a":1}'], consumed: 8 });
    expect(splitLines(buffer, 7, 10)).toEqual({ lines: [], consumed: 0 });
  });
});
