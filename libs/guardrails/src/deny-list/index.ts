export { denyListFactory } from './deny-list.factory';
