import { Payload } from './payload';

describe('Payload', () => {
  it('serialises an object once and hands the same text back every time', () => {
    const value = { a: 1 };
    const payload = Payload.of(value);
    const first = payload.text();
    value.a = 2; // a later change is not seen: the text was fixed when first asked for
    expect(payload.text()).toBe(first);
    expect(first).toBe('{"a":1}');
    expect(payload.object()).toBe(value);
  });

  it('parses text once, on demand, and keeps the text as received', () => {
    const payload = Payload.fromJson<{ b: number[] }>('{ "b": [1, 2] }');
    expect(payload.text()).toBe('{ "b": [1, 2] }');
    const parsed = payload.object();
    expect(parsed).toEqual({ b: [1, 2] });
    expect(payload.object()).toBe(parsed);
  });
});
