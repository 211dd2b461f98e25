/**
 * Whether an error carries one of these `code`s (ENOENT, EEXIST…). By shape, not `instanceof`:
 * errors from another realm (a VM context, Jest's sandbox) are errors too.
 */
export function isCode(error: unknown, ...codes: string[]): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && codes.includes(String(error.code));
}
