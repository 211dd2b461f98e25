import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'team_memberships' })
export class TeamMembershipEntity {
  @PrimaryColumn({ name: 'team_id', type: 'text' })
  teamId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'text' })
  userId!: string;

  /** LiteLLM's member roles: `admin` manages the team, `user` only uses it. */
  @Column({ type: 'text' })
  role!: 'admin' | 'user';

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
