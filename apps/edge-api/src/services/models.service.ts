import { Injectable } from '@nestjs/common';
import { GatewayFailure } from '@gatehouse/errors';
import { ModelCatalog } from '@gatehouse/pipeline';

export interface ModelCard {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

export interface ModelList {
  object: 'list';
  data: ModelCard[];
}

/** The models a caller may use (`allowed` empty means every model), as OpenAI's API lists them. */
@Injectable()
export class ModelsService {
  constructor(private readonly catalog: ModelCatalog) {}

  list(allowed: readonly string[]): ModelList {
    const names = this.catalog.listedNames().filter((name) => mayUse(allowed, name));
    return { object: 'list', data: names.map((id) => this.card(id)) };
  }

  /** A model the caller may not use is as unknown to it as one that is not served. */
  get(id: string, allowed: readonly string[]): ModelCard {
    if (!this.catalog.resolve(id) || !mayUse(allowed, id))
      throw new GatewayFailure('not_found', `model '${id}' is not served by this gateway`, { param: 'model' });
    return this.card(id);
  }

  private card(id: string): ModelCard {
    return { id, object: 'model', created: this.catalog.createdAt, owned_by: 'gatehouse' };
  }
}

function mayUse(allowed: readonly string[], model: string): boolean {
  return allowed.length === 0 || allowed.includes(model);
}
