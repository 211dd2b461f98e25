/** LiteLLM's management routes, as operations of auth's Manage RPC (`/key/generate` → `key.generate`). */
export const ADMIN_OPERATIONS = [
  'key.generate',
  'key.update',
  'key.delete',
  'key.info',
  'key.list',
  'key.regenerate',
  'key.block',
  'key.unblock',
  'team.new',
  'team.update',
  'team.delete',
  'team.info',
  'team.list',
  'team.member_add',
  'team.member_delete',
  'user.new',
  'user.update',
  'user.delete',
  'user.info',
  'user.list',
] as const;

export type AdminOperation = (typeof ADMIN_OPERATIONS)[number];

export function isAdminOperation(value: string): value is AdminOperation {
  return (ADMIN_OPERATIONS as readonly string[]).includes(value);
}
