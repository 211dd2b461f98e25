export { maxInputSizeFactory } from './max-input-size.factory';
