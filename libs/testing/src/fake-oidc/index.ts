export {
  startFakeOidc,
  type FakeOidc,
  type FakeOidcAlgorithm,
  type FakeOidcKey,
  type FakeOidcOptions,
  type FakeOidcSignOptions,
} from './fake-oidc';
