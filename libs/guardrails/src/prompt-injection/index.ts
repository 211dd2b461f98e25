export { promptInjectionFactory } from './prompt-injection.factory';
