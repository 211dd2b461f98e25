import { GuardrailVerdict } from '../guardrail-engine';
import { maskTag } from '../mask-tag';
import { buildContentFilter } from './content-filter.factory';

const AT = 'guardrails[0].litellm_params';

/** Builds with `files` as the only readable files, as the factory's injected ReadText sees them. */
function build(params: Record<string, unknown>, files: Record<string, string> = {}) {
  const read: string[] = [];
  const built = buildContentFilter('words', params, AT, (path) => {
    read.push(path);
    if (!(path in files)) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return files[path];
  });
  return { built, read };
}

function check(params: Record<string, unknown>, text: string, files?: Record<string, string>) {
  const { built } = build(params, files);
  if (!('engine' in built)) throw new Error(JSON.stringify(built.issues));
  return built.engine.check({
    stage: 'pre_call',
    source: 'input',
    texts: [text],
    requestId: 'req-1',
    signal: new AbortController().signal,
  });
}

const words = {
  blocked_words: [
    { keyword: 'langchain', action: 'BLOCK', description: 'competitor' },
    { keyword: 'c++', action: 'BLOCK' },
    { keyword: '.net', action: 'BLOCK' },
    { keyword: 'project falcon', action: 'block' },
    { keyword: 'a.b', action: 'BLOCK' },
  ],
};

describe('blocked_words', () => {
  it.each([
    ['is LangChain any good?', true],
    ['LANGCHAIN!', true],
    ['(langchain)', true],
    ['langchains are not a thing', false],
    ['mylangchain fork', false],
    ['lang chain', false],
    ['we moved to c++ last year', true],
    ['C++.', true],
    ['abc++ is another word', false],
    ['c+ alone', false],
    ['c alone', false],
    ['ported to .NET', true],
    ['asp.net is a word of its own', false],
    ['PROJECT FALCON launches', true],
    ['project  falcon (two spaces)', false],
    // Terms are literal: the dot in a.b is not a wildcard.
    ['axb', false],
    ['see a.b', true],
  ])('%j is blocked: %s', async (text, blocked) => {
    await expect(check(words, text)).resolves.toMatchObject({ action: blocked ? 'block' : 'pass' });
  });

  it.each<[string, GuardrailVerdict]>([
    ['try LangChain', { action: 'block', type: 'blocked_word', detail: 'contains a blocked word (competitor)' }],
    ['try c++', { action: 'block', type: 'blocked_word', detail: 'contains a blocked word' }],
    [
      'langchain in c++',
      { action: 'block', type: 'blocked_word', detail: 'contains a blocked word (competitor), a blocked word' },
    ],
  ])('%j is described by the word description, never by the word', async (text, verdict) => {
    await expect(check(words, text)).resolves.toEqual(verdict);
  });

  it('masks words set to MASK with a tag of the text as written', async () => {
    const params = { blocked_words: [{ keyword: 'acme', action: 'MASK' }] };
    await expect(check(params, 'ask Acme, or acme')).resolves.toEqual({
      action: 'mask',
      type: 'blocked_word',
      detail: 'masked 2 blocked_word',
      texts: [`ask ${maskTag('req-1', 'blocked_word', 'Acme')}, or ${maskTag('req-1', 'blocked_word', 'acme')}`],
    });
  });
});

describe('blocked_words_file', () => {
  const files = {
    'list.yaml': '- { keyword: falcon, action: BLOCK, description: codename }\n- keyword: osprey\n  action: MASK\n',
    'litellm.yaml': 'blocked_words:\n  - keyword: heron\n    action: BLOCK\n',
  };

  it.each([
    // [file, text, verdict]
    ['list.yaml', 'the falcon flies', { action: 'block', detail: 'contains a blocked word (codename)' }],
    ['list.yaml', 'an osprey', { action: 'mask', texts: [`an ${maskTag('req-1', 'blocked_word', 'osprey')}`] }],
    ['litellm.yaml', 'a Heron', { action: 'block', detail: 'contains a blocked word' }],
    ['litellm.yaml', 'the falcon flies', { action: 'pass' }],
  ])('reads %s: %j answers %j', async (file, text, verdict) => {
    await expect(check({ blocked_words_file: file }, text, files)).resolves.toMatchObject(verdict);
  });

  it('adds its words to blocked_words, reading the file once through the injected reader', async () => {
    const params = { blocked_words: [{ keyword: 'eagle', action: 'BLOCK' }], blocked_words_file: 'litellm.yaml' };
    await expect(check(params, 'an eagle', files)).resolves.toMatchObject({ action: 'block' });
    await expect(check(params, 'a heron', files)).resolves.toMatchObject({ action: 'block' });
    expect(build(params, files).read).toEqual(['litellm.yaml']);
  });

  it.each([
    // [file's text (undefined: no such file), location, message]
    [undefined, `${AT}.blocked_words_file`, /^cannot read words\.yaml: ENOENT/],
    ['- [unclosed', `${AT}.blocked_words_file`, /^cannot read words\.yaml: /],
    ['', `${AT}.blocked_words_file`, /words\.yaml must hold a list of blocked words/],
    ['words: [a]', `${AT}.blocked_words_file`, /words\.yaml must hold a list of blocked words/],
    ['- falcon', 'words.yaml[0]', /must be a mapping with keyword and action/],
    ['- { keyword: falcon }', 'words.yaml[0].action', /is required \(BLOCK or MASK\)/],
    ['- { keyword: falcon, action: DROP }', 'words.yaml[0].action', /must be BLOCK or MASK/],
    ['blocked_words:\n  - { action: BLOCK }', 'words.yaml blocked_words[0].keyword', /is required/],
  ])('a file holding %j is refused at %s', (text, location, message) => {
    const { built } = build({ blocked_words_file: 'words.yaml' }, text === undefined ? {} : { 'words.yaml': text });
    expect(built).toEqual({ issues: [{ location, message: expect.stringMatching(message) as string }] });
  });

  it.each([
    [{ blocked_words_file: 42 }, `${AT}.blocked_words_file`, /must be the path of a YAML file/],
    [{ blocked_words_file: '  ' }, `${AT}.blocked_words_file`, /must be the path of a YAML file/],
    [{ blocked_words: 'falcon' }, `${AT}.blocked_words`, /must be a list/],
    [{ blocked_words: [{ keyword: ' ', action: 'BLOCK' }] }, `${AT}.blocked_words[0].keyword`, /is required/],
    [{ blocked_words: [{ keyword: 'falcon', action: 'WARN' }] }, `${AT}.blocked_words[0].action`, /must be BLOCK/],
  ])('%j is refused at %s', (params, location, message) => {
    expect(build(params).built).toEqual({ issues: [{ location, message: expect.stringMatching(message) as string }] });
  });
});
