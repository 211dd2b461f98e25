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

  /** `guardrail_name`s from config.yaml attached to the team, and so to each of its keys. */
  @Column({ type: 'text', array: true })
  guardrails!: string[];

  @Column(() => GovernedColumns, { prefix: false })
  governed!: GovernedColumns;
}
