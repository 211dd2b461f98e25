import { Column, Entity, PrimaryColumn } from 'typeorm';
import { GovernedColumns } from './governed-columns';

/** LiteLLM's roles; `proxy_admin` may call the admin routes with its own keys. */
export const USER_ROLES = [
  'proxy_admin',
  'proxy_admin_viewer',
  'internal_user',
  'internal_user_viewer',
  'team',
  'customer',
] as const;
export type UserRole = (typeof USER_ROLES)[number];

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'user_email', type: 'text', nullable: true })
  userEmail!: string | null;

  @Column({ name: 'user_alias', type: 'text', nullable: true })
  userAlias!: string | null;

  @Column({ name: 'user_role', type: 'text' })
  userRole!: UserRole;

  @Column({ name: 'organization_id', type: 'text', nullable: true })
  organizationId!: string | null;

  @Column(() => GovernedColumns, { prefix: false })
  governed!: GovernedColumns;
}
