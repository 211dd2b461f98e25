/** A config shaped like LiteLLM's proxy documentation, used by the specs. */
export const LITELLM_CONFIG = `
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_key: os.environ/OPENAI_API_KEY
      rpm: 480
      timeout: 300
      stream_timeout: 60
    model_info:
      input_cost_per_token: 0.0000025
      output_cost_per_token: 0.00001
      cache_read_input_token_cost: 1.25e-6
  - model_name: gpt-4o
    litellm_params:
      model: azure/gpt-4o-eu
      api_base: os.environ/AZURE_API_BASE
      api_key: os.environ/AZURE_API_KEY
      api_version: "2024-02-15-preview"
      tpm: 100000
  - model_name: claude-3-5-sonnet
    litellm_params:
      model: anthropic/claude-3-5-sonnet-20240620
      api_key: "os.environ/ANTHROPIC_API_KEY"
      max_retries: 2
  - model_name: bedrock-claude
    litellm_params:
      model: bedrock/anthropic.claude-3-sonnet-20240229-v1:0
      aws_access_key_id: os.environ/AWS_ACCESS_KEY_ID
      aws_secret_access_key: aws_secret/prod/bedrock#secret_access_key
      aws_region_name: us-west-2
  - model_name: llama3
    litellm_params:
      model: ollama/llama3
      api_base: http://localhost:11434
      keep_alive: 5m
  - model_name: gpt-3.5-turbo
    litellm_params:
      model: gpt-3.5-turbo
      api_key: sk-literal-key
      input_cost_per_token: 0.0000005
    model_info:
      id: legacy-turbo
      mode: chat
      max_tokens: 4096
      supports_vision: false

router_settings:
  routing_strategy: usage-based-routing-v2
  num_retries: 2
  timeout: 30
  allowed_fails: 3
  cooldown_time: 30
  fallbacks: [{ "gpt-4o": ["claude-3-5-sonnet"] }]
  redis_host: os.environ/REDIS_HOST

litellm_settings:
  drop_params: True
  num_retries: 3
  request_timeout: 600
  success_callback: ["langfuse"]

general_settings:
  master_key: os.environ/LITELLM_MASTER_KEY
  database_url: "postgresql://llm:hunter2@db:5432/litellm"

guardrails:
  - guardrail_name: bedrock-pre-guard
    litellm_params:
      guardrail: bedrock
      mode: during_call
      guardrailIdentifier: ff6ujrregl1q
      guardrailVersion: DRAFT

gatehouse:
  spool_dir: /var/lib/gatehouse

environment_variables:
  LANGFUSE_HOST: https://cloud.langfuse.com
`;

/** The environment of a service that calls no provider: only non-secret references are set. */
export const EDGE_ENV: NodeJS.ProcessEnv = { AZURE_API_BASE: 'https://eu.openai.azure.com', REDIS_HOST: 'redis' };
