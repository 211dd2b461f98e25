/**
 * One kind of prompt-injection phrasing. A family counts once per text, at the weight of its
 * strongest matching pattern: 3 is an attack on its own (the default threshold), 2 and 1 are phrasing
 * that benign prompts use too, which counts only together with more.
 */
export interface InjectionSignal {
  readonly family: string;
  readonly weight: number;
  readonly pattern: RegExp;
}

const DROP = String.raw`(?:ignore|disregard|forget|override|bypass)`;
const QUALIFIER = String.raw`(?:previous|prior|above|earlier|preceding|foregoing|original|initial|system|existing)`;
const ORDERS = String.raw`(?:instructions?|rules|directions|guidelines|prompts?|directives|constraints|programming|guardrails)`;
const LEAK = String.raw`(?:reveal|print|show|repeat|output|display|disclose|leak|dump|recite|tell|give|write\s+out)`;
const ASK = String.raw`(?:${LEAK}|what(?:'s|\s+(?:is|are|was|were)))`;
const HIDDEN = String.raw`(?:(?:system|initial|original|hidden|secret|developer)\s+)`;
const PROMPT = String.raw`(?:prompt|message|instructions)\b`;
// "your message" is anyone's; "your instructions for returns" and "your prompt engineering tips" a topic.
const OWN_PROMPT = String.raw`(?:${HIDDEN}${PROMPT}|(?:prompt|instructions)\b(?!\s+(?:for|on|about|regarding)\b|\s+engineer))`;
const LIMITS = String.raw`(?:restrictions|filters|limitations|censorship|polic(?:y|ies)|safeguards|guardrails)\b`;
const ROLE_LINE = String.raw`(?:system|assistant)[ \t]*[\]>]?[ \t]*:`;

const signal = (family: string, weight: number, source: string, flags = 'i'): InjectionSignal => ({
  family,
  weight,
  pattern: new RegExp(source, flags),
});

/**
 * Strongest first, so scoring can stop once the threshold is out of reach. A regex costs about a
 * step per character for each alternative it may start with, and V8 tries a leading lookbehind at
 * every character, so each pattern starts with its rarest words and checks the phrasing before them
 * in a lookbehind that follows.
 */
export const INJECTION_SIGNALS: readonly InjectionSignal[] = [
  // "ignore all previous instructions", "disregard your rules", "forget everything above"
  signal(
    'instruction_override',
    3,
    String.raw`\b${DROP}\s+(?:(?:(?:all|any|the|of|my)\s+){0,3}${QUALIFIER}\s+(?:\w+\s+)?${ORDERS}|(?:all\s+)?your\s+(?:\w+\s+)?(?:${ORDERS}|restrictions|filters)|(?:the\s+|all\s+|any\s+)?${ORDERS}\s+(?:above|before|you\s+(?:were|have\s+been)\s+given)|(?:all\s+|everything\s+){1,2}(?:above|before|you\s+(?:were|have\s+been)\s+told))\b`,
  ),
  // "reveal your system prompt", "what is your initial prompt?"
  signal(
    'system_prompt_leak',
    3,
    String.raw`${PROMPT}(?<=\b${ASK}\s+(?:(?:me|us)\s+)?(?:\w+\s+){0,2}?your\s+${OWN_PROMPT})`,
  ),
  signal(
    'role_marker',
    3,
    String.raw`<\|(?:im_start|im_end|system|assistant|endoftext|eot_id|start_header_id)\|>|\[\/?inst\]|<<\/?sys>>`,
  ),
  signal('dan_prompt', 3, String.raw`\bdo\s+anything\s+now\b`),
  // "show me the system prompt" may be a developer's question about their own app
  signal(
    'system_prompt_leak',
    2,
    String.raw`${PROMPT}(?<=\b${LEAK}\s+(?:(?:me|us)\s+)?(?:\w+\s+){0,2}?the\s+${HIDDEN}${PROMPT})`,
  ),
  signal(
    'system_prompt_leak',
    2,
    String.raw`\brepeat\s+(?:all\s+|everything\s+|the\s+(?:text|words)\s+)(?:above|before|starting\s+with)\b`,
  ),
  // a "System:" line may be a pasted log or a bug report's template
  signal('role_marker', 2, String.raw`${ROLE_LINE}(?<=(?:^|\n)[ \t]*(?:#{1,6}[ \t]*|\[|<)?${ROLE_LINE})`),
  signal(
    'new_instructions',
    2,
    String.raw`:(?<=\b(?:new|updated|revised|real|actual)\s+(?:instructions|rules|system\s+prompt)\s*:)|\byour\s+new\s+(?:instructions|task|role|rules|purpose)\s+(?:is|are)\b`,
  ),
  signal(
    'persona_override',
    2,
    String.raw`\byou\s+are\s+(?:now|no\s+longer)\b|\bfrom\s+now\s+on,?\s+you\s+(?:are|will|must|shall)\b`,
  ),
  // "developer mode" alone is a phone setting; it counts with a persona switch or a bypass
  signal('mode_switch', 2, String.raw`mode\b(?<=\b(?:dan|jailbreak|god|developer|unrestricted|evil)\s+mode)`),
  signal(
    'restriction_bypass',
    2,
    String.raw`${LIMITS}(?<=\b(?:without|no|free\s+(?:of|from)|bypass(?:ing)?|ignoring|(?:not|no\s+longer)\s+bound\s+by)\s+(?:(?:any|all|your|the|its)\s+)?(?:(?:ethical|moral|safety|content)\s+)?${LIMITS})`,
  ),
  // "an uncensored version of the film" is not the model's
  signal(
    'restriction_bypass',
    2,
    String.raw`\b(?:unrestricted|unfiltered|uncensored|jailbroken)\s+(?:ai|assistant|model|version\s+of\s+(?:yourself|you)|chatbot|llm)\b`,
  ),
  signal('jailbreak_terms', 1, String.raw`\bjailbr(?:eak|oken)|\buncensored\b`),
  // DAN in capitals is the jailbreak persona; Dan is a name.
  signal('jailbreak_terms', 1, String.raw`\bDAN\b`, ''),
  signal(
    'role_play',
    1,
    String.raw`\b(?:pretend|imagine)\s+(?:that\s+)?(?:you\s+are|you're|to\s+be)\b|\brole-?\s?play|\bact\s+as\s+(?:if|though)\b|\bstay\s+in\s+character\b`,
  ),
];
