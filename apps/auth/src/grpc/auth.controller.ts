import { Controller } from '@nestjs/common';
import { auth } from '@gatehouse/contracts';
import { CredentialVerifier } from '../services/credential-verifier';

@Controller()
@auth.AuthServiceControllerMethods()
export class AuthController implements auth.AuthServiceController {
  constructor(private readonly verifier: CredentialVerifier) {}

  authenticate(request: auth.AuthenticateRequest): auth.AuthenticateResponse {
    return this.verifier.authenticate(request);
  }
}
