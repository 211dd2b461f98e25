export { anthropicAdapter } from './anthropic.adapter';
