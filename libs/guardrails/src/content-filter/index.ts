export { contentFilterFactory } from './content-filter.factory';
