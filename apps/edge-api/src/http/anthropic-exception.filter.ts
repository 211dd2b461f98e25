import { Catch } from '@nestjs/common';
import { GatewayFailure } from '@gatehouse/errors';
import { anthropicErrorBody } from '../services/anthropic-messages/anthropic-errors';
import { OpenAiExceptionFilter } from './openai-exception.filter';

/** On Anthropic-compatible routes, errors leave in Anthropic's shape: {"type":"error","error":{type,message}}. */
@Catch()
export class AnthropicExceptionFilter extends OpenAiExceptionFilter {
  protected override body(failure: GatewayFailure): unknown {
    return anthropicErrorBody(failure);
  }
}
