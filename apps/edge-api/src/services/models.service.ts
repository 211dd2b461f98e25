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

@Injectable()
export class ModelsService {
  constructor(private readonly catalog: ModelCatalog) {}

  list(): ModelList {
    return { object: 'list', data: this.catalog.names().map((id) => this.card(id)) };
  }

  get(id: string): ModelCard {
    if (!this.catalog.has(id))
      throw new GatewayFailure('not_found', `model '${id}' is not served by this gateway`, { param: 'model' });
    return this.card(id);
  }

  private card(id: string): ModelCard {
    return { id, object: 'model', created: this.catalog.createdAt, owned_by: 'gatehouse' };
  }
}
