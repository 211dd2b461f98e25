export { COMPOSITIONS, Composition } from '@gatehouse/launcher';
export { startTestGateway, TestGateway, TestGatewayOptions, TEST_MASTER_KEY, FAKE_UPSTREAM_KEY } from './test-gateway';
