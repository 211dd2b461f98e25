/** A semantic cache entry as one message of the shared stream; its value is kept under its own key. */
export interface SemanticStreamEntryV1 {
  id: string;
  namespace: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  vector: Float32Array;
}

/**
 * XADD's field-value list. The vector goes as its raw bytes, a quarter of the size of text and
 * nothing to parse, in native byte order: replicas must share one (x64 and arm64 are little-endian).
 * A reader ignores fields it does not know, so a later version can add some.
 */
export function toStreamFields(entry: SemanticStreamEntryV1): (string | Buffer)[] {
  const { vector } = entry;
  return [
    'id',
    entry.id,
    'ns',
    entry.namespace,
    'exp',
    String(entry.expiresAt),
    'vec',
    Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength),
  ];
}

/** The entry of one stream message's fields, or undefined when one is missing or malformed. */
export function fromStreamFields(fields: Buffer[]): SemanticStreamEntryV1 | undefined {
  let id: string | undefined;
  let namespace: string | undefined;
  let expiresAt = Number.NaN;
  let bytes: Buffer | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const value = fields[i + 1];
    switch (fields[i].toString()) {
      case 'id':
        id = value.toString();
        break;
      case 'ns':
        namespace = value.toString();
        break;
      case 'exp':
        expiresAt = Number(value.toString());
        break;
      case 'vec':
        bytes = value;
        break;
    }
  }
  const vector = bytes && toFloat32(bytes);
  if (id === undefined || namespace === undefined || !Number.isFinite(expiresAt) || vector === undefined)
    return undefined;
  return { id, namespace, expiresAt, vector };
}

// Copied: a reply's Buffer may start at an offset a Float32Array view cannot (not a multiple of 4).
function toFloat32(bytes: Buffer): Float32Array | undefined {
  if (bytes.byteLength === 0 || bytes.byteLength % Float32Array.BYTES_PER_ELEMENT !== 0) return undefined;
  const vector = new Float32Array(bytes.byteLength / Float32Array.BYTES_PER_ELEMENT);
  new Uint8Array(vector.buffer).set(bytes);
  return vector;
}
