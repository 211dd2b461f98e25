import { Column, Entity, PrimaryColumn } from 'typeorm';
import { GovernedColumns } from './governed-columns';

@Entity({ name: 'teams' })
export class TeamEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'team_alias', type: 'text', nullable: true })
  teamAlias!: string | null;

  @Column({ name: 'organization_id', type: 'text', nullable: true })
  organizationId!: string | null;

  @Column({ type: 'boolean' })
  blocked!: boolean;

  @Column(() => GovernedColumns, { prefix: false })
  governed!: GovernedColumns;
}
