import { GrpcOptions, Transport } from '@nestjs/microservices';
import { PROTO_ROOT, ProtoFiles } from '@gatehouse/contracts';

export type GrpcServiceName = keyof typeof ProtoFiles;

const PACKAGES: Record<GrpcServiceName, string> = {
  providerWorkers: 'gatehouse.provider_workers.v1',
  auth: 'gatehouse.auth.v1',
  guardrail: 'gatehouse.guardrail.v1',
};

/** Images travel inline as base64, so messages can be far larger than gRPC's 4 MiB default. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/**
 * The same loader settings on both ends keep the runtime objects in the shape of the generated
 * types: camelCase fields, Buffers for bytes, unset oneof members absent.
 */
export function grpcOptions(service: GrpcServiceName, url: string): GrpcOptions {
  return {
    transport: Transport.GRPC,
    options: {
      url,
      package: PACKAGES[service],
      protoPath: ProtoFiles[service],
      loader: {
        includeDirs: [PROTO_ROOT],
        keepCase: false,
        longs: Number,
        enums: String,
        defaults: true,
        oneofs: true,
      },
      maxReceiveMessageLength: MAX_MESSAGE_BYTES,
      maxSendMessageLength: MAX_MESSAGE_BYTES,
      keepalive: { keepaliveTimeMs: 30_000, keepaliveTimeoutMs: 10_000, keepalivePermitWithoutCalls: 1 },
    },
  };
}
