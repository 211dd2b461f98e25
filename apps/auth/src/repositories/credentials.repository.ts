import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AUTH_DATA_SOURCE } from '../config/data-source-options';
import { DataSource } from 'typeorm';
import { ApiKeyEntity, OrganizationEntity, TeamEntity, UserEntity } from './entities';

/** A key with everything that governs it, read in one round trip. */
export interface KeyRecord {
  key: ApiKeyEntity;
  user: UserEntity | null;
  team: TeamEntity | null;
}

/** The read side of authentication: one indexed lookup by key hash. */
@Injectable()
export class CredentialsRepository {
  constructor(@InjectDataSource(AUTH_DATA_SOURCE) private readonly db: DataSource) {}

  async findKey(keyHash: string): Promise<KeyRecord | null> {
    const key = await this.db.getRepository(ApiKeyEntity).findOne({ where: { keyHash } });
    if (!key) return null;
    const [user, team] = await Promise.all([
      key.userId ? this.db.getRepository(UserEntity).findOne({ where: { id: key.userId } }) : null,
      key.teamId ? this.db.getRepository(TeamEntity).findOne({ where: { id: key.teamId } }) : null,
    ]);
    return { key, user, team };
  }

  findUser(id: string): Promise<UserEntity | null> {
    return this.db.getRepository(UserEntity).findOne({ where: { id } });
  }

  findTeam(id: string): Promise<TeamEntity | null> {
    return this.db.getRepository(TeamEntity).findOne({ where: { id } });
  }

  findOrganization(id: string): Promise<OrganizationEntity | null> {
    return this.db.getRepository(OrganizationEntity).findOne({ where: { id } });
  }
}
