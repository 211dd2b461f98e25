export { createKafka, KafkaSettings } from './kafka-client';
export { EventPublisher, PublisherOptions } from './event-publisher';
export { ValidatedConsumer, ConsumerOptions } from './validated-consumer';
export { ConsumerRun, consumeWithRetry } from './consume-with-retry';
export { consumeTopic, TopicConsumerOptions } from './consume-topic';
export { ControlFollower, followControlEvents } from './control-follower';
