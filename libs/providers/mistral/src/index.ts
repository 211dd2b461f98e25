export { mistralAdapter } from './mistral.adapter';
