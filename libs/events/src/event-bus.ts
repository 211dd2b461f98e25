import { ControlEventV1, Topic, TopicPayloads } from '@gatehouse/contracts';

/** A consumer group reading one topic; see `EventBus.consume`. */
export interface ConsumerRun {
  /** Resolves once the consumer reads (joined its group, or opened its position); never rejects. */
  running: Promise<void>;
  stop(): Promise<void>;
}

export interface GroupConsumerOptions<T extends Topic> {
  topic: T;
  /** The consumer group, without any topic prefix: each group sees every event once in effect. */
  groupId: string;
  /** Applies a batch; its position is committed only after it resolves, so a crash replays the batch. */
  handle: (events: TopicPayloads[T][]) => Promise<void>;
  /** Logged (info) once the consumer reads. */
  runningMessage: string;
}

/** A replica following control.v1 from now on; see `EventBus.followControl`. */
export interface ControlFollower {
  /** Resolves once subscribed, or after a bounded wait; never rejects. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export interface ControlFollowOptions {
  /** Names the follower in logs (and its consumer group where the binding has groups), e.g. `edge-api`. */
  service: string;
  handle: (event: ControlEventV1) => void;
}

/**
 * The facts port: usage, request logs and control events. Bound to Kafka in the services
 * composition and to a durable local journal in the standalone one; both run one contract suite.
 */
export abstract class EventBus {
  /** Never blocks the caller; what the binding has accepted is never lost (see each binding). */
  abstract publish<T extends Topic>(topic: T, key: string, event: TopicPayloads[T], traceparent?: string): void;

  /**
   * Reads a topic in a consumer group from its committed position: every event valid for the
   * topic's schema reaches `handle` at least once; what does not validate is dead-lettered.
   * control.v1 is heard through `followControl`; the local binding refuses it here.
   */
  abstract consume<T extends Topic>(options: GroupConsumerOptions<T>): ConsumerRun;

  /** Every follower hears every control event published after it is ready. */
  abstract followControl(options: ControlFollowOptions): ControlFollower;

  /**
   * Stops the consumers and followers still running (each finishes its batch), flushes or persists
   * what was accepted, then lets go of connections and files.
   */
  abstract close(): Promise<void>;
}
