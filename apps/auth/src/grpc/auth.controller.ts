import { Controller } from '@nestjs/common';
import { auth, makePrincipal } from '@gatehouse/contracts';
import { asFailure, toWire } from '@gatehouse/errors';
import { AdminService } from '../services/admin/admin.service';
import { CredentialVerifier } from '../services/credential-verifier';

@Controller()
@auth.AuthServiceControllerMethods()
export class AuthController implements auth.AuthServiceController {
  constructor(
    private readonly verifier: CredentialVerifier,
    private readonly admin: AdminService,
  ) {}

  authenticate(request: auth.AuthenticateRequest): Promise<auth.AuthenticateResponse> {
    return this.verifier.authenticate(request);
  }

  async manage(request: auth.ManageRequest): Promise<auth.ManageResponse> {
    try {
      const body: unknown = request.body.length > 0 ? JSON.parse(request.body.toString('utf8')) : {};
      const caller = request.caller ?? makePrincipal({});
      const answer = await this.admin.run(request.operation, body, caller, request.requestId);
      return { body: Buffer.from(JSON.stringify(answer ?? {})) };
    } catch (error) {
      return { error: toWire(asFailure(error)) };
    }
  }
}
