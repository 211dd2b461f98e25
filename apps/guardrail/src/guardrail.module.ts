import { DynamicModule, Module } from '@nestjs/common';
import { GuardrailCatalog } from '@gatehouse/guardrails';
import { GuardrailController } from './grpc/guardrail.controller';
import { GuardrailService } from './services/guardrail.service';

@Module({})
export class GuardrailModule {
  static forRoot(catalog: GuardrailCatalog): DynamicModule {
    return {
      module: GuardrailModule,
      controllers: [GuardrailController],
      providers: [{ provide: GuardrailCatalog, useValue: catalog }, GuardrailService],
    };
  }
}
