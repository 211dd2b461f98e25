export { ApiKeyEntity } from './api-key.entity';
export { AuditEntryEntity } from './audit-entry.entity';
export { bigintNumber, budgetStateOf, GovernedColumns, newGovernedColumns } from './governed-columns';
export { OrganizationEntity } from './organization.entity';
export { TeamMembershipEntity } from './team-membership.entity';
export { TeamEntity } from './team.entity';
export { USER_ROLES, UserEntity, UserRole } from './user.entity';

import { ApiKeyEntity } from './api-key.entity';
import { AuditEntryEntity } from './audit-entry.entity';
import { OrganizationEntity } from './organization.entity';
import { TeamMembershipEntity } from './team-membership.entity';
import { TeamEntity } from './team.entity';
import { UserEntity } from './user.entity';

export const AUTH_ENTITIES = [
  OrganizationEntity,
  TeamEntity,
  UserEntity,
  TeamMembershipEntity,
  ApiKeyEntity,
  AuditEntryEntity,
];
