import { Injectable } from '@nestjs/common';
import { GatewayFailure } from '@gatehouse/errors';
import { ModelDirectory } from '../config/model-directory';

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
  constructor(private readonly directory: ModelDirectory) {}

  list(): ModelList {
    return { object: 'list', data: this.directory.list().map((id) => this.card(id)) };
  }

  get(id: string): ModelCard {
    if (!this.directory.has(id))
      throw new GatewayFailure('not_found', `model '${id}' is not served by this gateway`, { param: 'model' });
    return this.card(id);
  }

  private card(id: string): ModelCard {
    return { id, object: 'model', created: this.directory.createdAt, owned_by: 'gatehouse' };
  }
}
