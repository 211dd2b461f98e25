export { grpcOptions, GrpcServiceName } from './grpc-options';
export { grpcTransportFailure } from './transport-failure';
