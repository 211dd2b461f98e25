import { Injectable } from '@nestjs/common';
import { fromWire } from '@gatehouse/errors';
import { AdminOperation } from '@gatehouse/governance';
import { Credentials } from '@gatehouse/pipeline';
import { RequestContext } from '@gatehouse/pipeline';

/**
 * The admin routes' one way in: auth owns keys, teams and users, checks the caller's role and
 * validates the payload, so edge-api only forwards the JSON and returns auth's answer.
 */
@Injectable()
export class AdminService {
  constructor(private readonly credentials: Credentials) {}

  async call(operation: AdminOperation, ctx: RequestContext, payload: unknown): Promise<unknown> {
    const response = await this.credentials.manage({
      operation,
      body: Buffer.from(JSON.stringify(payload ?? {})),
      caller: ctx.principal,
      requestId: ctx.requestId,
    });
    if (response.body === undefined) throw fromWire(response.error ?? {});
    return JSON.parse(response.body.toString('utf8')) as unknown;
  }
}
