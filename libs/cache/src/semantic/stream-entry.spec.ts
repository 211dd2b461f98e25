import { fromStreamFields, SemanticStreamEntryV1, toStreamFields } from './stream-entry';

const entry: SemanticStreamEntryV1 = {
  id: 'e1',
  namespace: 'team:embed-small',
  expiresAt: 1_700_000_060_000,
  vector: Float32Array.of(0.25, -0.5, 1e-7, 0.75),
};

// As Redis replies: every field a Buffer.
function asReply(fields: (string | Buffer)[]): Buffer[] {
  return fields.map((field) => (typeof field === 'string' ? Buffer.from(field) : field));
}

describe('semantic stream entries', () => {
  it('come back from their fields as they went in, the vector bit for bit', () => {
    const fields = toStreamFields(entry);
    expect(fields[fields.indexOf('vec') + 1]).toHaveLength(16);
    expect(fromStreamFields(asReply(fields))).toEqual(entry);
  });

  it('read a vector whose bytes do not start at a multiple of 4', () => {
    const fields = asReply(toStreamFields(entry));
    const at = fields.findIndex((field) => field.toString() === 'vec') + 1;
    const shifted = Buffer.alloc(fields[at].length + 1);
    fields[at].copy(shifted, 1);
    fields[at] = shifted.subarray(1);
    expect(fields[at].byteOffset % 4).not.toBe(0);
    expect(fromStreamFields(fields)?.vector).toEqual(entry.vector);
  });

  it('ignore fields they do not know', () => {
    expect(fromStreamFields(asReply([...toStreamFields(entry), 'later', 'x']))).toEqual(entry);
  });

  it.each([
    ['no id', (f: (string | Buffer)[]) => f.slice(2)],
    ['no vector', (f: (string | Buffer)[]) => f.slice(0, 6)],
    ['an expiry that is not a number', (f: (string | Buffer)[]) => f.map((v, i) => (i === 5 ? 'soon' : v))],
    ['a vector of 7 bytes', (f: (string | Buffer)[]) => f.map((v, i) => (i === 7 ? Buffer.alloc(7) : v))],
    ['an empty vector', (f: (string | Buffer)[]) => f.map((v, i) => (i === 7 ? Buffer.alloc(0) : v))],
  ])('are refused with %s', (_what, damage) => {
    expect(fromStreamFields(asReply(damage(toStreamFields(entry))))).toBeUndefined();
  });
});
