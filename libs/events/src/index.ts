export { ConsumerRun, ControlFollower, ControlFollowOptions, EventBus, GroupConsumerOptions } from './event-bus';
export { KafkaEventBus, KafkaEventBusSettings } from './kafka-event-bus';
export { LocalEventBus, LocalEventBusOptions } from './local/local-event-bus';
