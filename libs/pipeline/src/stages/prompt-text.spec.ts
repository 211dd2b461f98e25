import { MAX_SEMANTIC_PROMPT_CHARS, promptText } from './prompt-text';

describe('promptText', () => {
  it('gives each message as role and text, text parts joined, tool calls as JSON', () => {
    const call = { id: 'c1', type: 'function' as const, function: { name: 'weather', arguments: '{"city":"Oslo"}' } };
    expect(
      promptText([
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather' },
            { type: 'text', text: 'in Oslo?' },
          ],
        },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', content: 'rain', tool_call_id: 'c1' },
      ]),
    ).toBe(`system: Be brief.\nuser: Weather in Oslo?\nassistant:  ${JSON.stringify([call])}\ntool: rain`);
  });

  it('gives nothing for a prompt with an image, which the words alone do not describe', () => {
    expect(
      promptText([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:' } },
          ],
        },
      ]),
    ).toBeUndefined();
  });

  it('gives nothing for a prompt too long to embed whole, or no messages', () => {
    expect(promptText([{ role: 'user', content: 'x'.repeat(MAX_SEMANTIC_PROMPT_CHARS) }])).toBeUndefined();
    expect(promptText([{ role: 'user', content: 'x'.repeat(MAX_SEMANTIC_PROMPT_CHARS - 100) }])).toBeDefined();
    expect(promptText([])).toBeUndefined();
  });
});
