import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SpendEventEntity } from './spend-event.entity';

@Injectable()
export class SpendEventsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Inserts a batch in one transaction; rows whose request_id is already stored are skipped. */
  async insertNew(rows: Omit<SpendEventEntity, 'id'>[]): Promise<number> {
    const result = await this.db.transaction((tx) =>
      tx.createQueryBuilder().insert().into(SpendEventEntity).values(rows).orIgnore().returning('id').execute(),
    );
    return (result.raw as unknown[]).length;
  }
}
