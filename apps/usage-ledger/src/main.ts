import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ArchiveStore } from '@gatehouse/archive';
import { usageLedgerEnvSchema } from '@gatehouse/config';
import { KafkaEventBus } from '@gatehouse/events';
import { PinoNestLogger } from '@gatehouse/logging';
import { announceReady, bootSettings, closeOnSignals, exitOnBootError } from '@gatehouse/runtime';
import { s3ArchiveStoreFrom } from './config/archive-store';
import { UsageConsumer } from './consumers/usage.consumer';
import { UsageLedgerModule } from './usage-ledger.module';

async function main(): Promise<void> {
  const { env, logger } = bootSettings('usage-ledger', usageLedgerEnvSchema);
  let archive: ArchiveStore;
  try {
    archive = s3ArchiveStoreFrom(env);
  } catch (error) {
    exitOnBootError('usage-ledger', error);
  }
  const events = await KafkaEventBus.open(
    {
      brokers: env.KAFKA_BROKERS,
      clientId: 'usage-ledger',
      topicPrefix: env.KAFKA_TOPIC_PREFIX,
      maxQueued: 10_000,
      lingerMs: 0,
    },
    logger,
  );
  const module = UsageLedgerModule.forRoot({ database: { url: env.DATABASE_URL }, events, logger, archive });
  const app = await NestFactory.createApplicationContext(module, { logger: new PinoNestLogger(logger) }).catch(
    (error: unknown) => exitOnBootError('usage-ledger', error),
  );
  closeOnSignals([app, events, archive], logger);
  await app.get(UsageConsumer).running;
  announceReady();
}

void main();
