import { DynamicModule, Module } from '@nestjs/common';
import { AuthSettings } from './config/auth-settings';
import { AuthController } from './grpc/auth.controller';
import { CredentialVerifier } from './services/credential-verifier';

@Module({})
export class AuthModule {
  static forRoot(settings: AuthSettings): DynamicModule {
    return {
      module: AuthModule,
      controllers: [AuthController],
      providers: [{ provide: AuthSettings, useValue: settings }, CredentialVerifier],
    };
  }
}
