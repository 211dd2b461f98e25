import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { usageLedgerEnvSchema } from '@gatehouse/config';
import { createKafka } from '@gatehouse/kafka';
import { PinoNestLogger } from '@gatehouse/logging';
import { announceReady, bootSettings, closeOnSignals, exitOnBootError } from '@gatehouse/runtime';
import { UsageConsumer } from './consumers/usage.consumer';
import { UsageLedgerModule } from './usage-ledger.module';

async function main(): Promise<void> {
  const { env, logger } = bootSettings('usage-ledger', usageLedgerEnvSchema);
  const kafka = createKafka({
    brokers: env.KAFKA_BROKERS,
    clientId: 'usage-ledger',
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
  });
  const module = UsageLedgerModule.forRoot({
    databaseUrl: env.DATABASE_URL,
    kafka,
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
    logger,
  });
  const app = await NestFactory.createApplicationContext(module, { logger: new PinoNestLogger(logger) }).catch(
    (error: unknown) => exitOnBootError('usage-ledger', error),
  );
  closeOnSignals(app, logger);
  await app.get(UsageConsumer).running;
  announceReady();
}

void main();
