import { Column, Entity, PrimaryColumn } from 'typeorm';
import { GovernedColumns } from './governed-columns';

@Entity({ name: 'organizations' })
export class OrganizationEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'organization_alias', type: 'text', nullable: true })
  organizationAlias!: string | null;

  @Column(() => GovernedColumns, { prefix: false })
  governed!: GovernedColumns;
}
