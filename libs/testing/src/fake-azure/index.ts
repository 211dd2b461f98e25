export { AZURE_DIALECT, startFakeAzure, type FakeAzure } from './fake-azure';
