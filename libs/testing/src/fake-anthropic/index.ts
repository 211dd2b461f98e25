export {
  FAKE_ANTHROPIC_KEY,
  startFakeAnthropic,
  type FakeAnthropic,
  type FakeAnthropicOptions,
  type FakeAnthropicRequest,
} from './server';
export { DEFAULT_ANTHROPIC_KNOBS, type AnthropicKnobs } from './knobs';
