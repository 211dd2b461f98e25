import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyRequest } from 'fastify';
import { AuthenticationService, RequestContext } from '@gatehouse/pipeline';

const PUBLIC = 'gatehouse:public';

/** Marks a route that needs no key (health checks). */
export const Public = () => SetMetadata(PUBLIC, true);

type GatedRequest = FastifyRequest & { gatehouse?: RequestContext };

/** Every route requires a key unless marked @Public(); the caller is attached for @Caller(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authentication: AuthenticationService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<GatedRequest>();
    const startedAt = performance.now();
    const apiKey = request.headers['x-api-key'];
    const principal = await this.authentication.authenticate(
      request.headers.authorization,
      request.id,
      typeof apiKey === 'string' ? apiKey : undefined,
    );
    const { traceparent, 'cache-control': cacheControl, 'x-gatehouse-deployment': pinned } = request.headers;
    request.gatehouse = {
      requestId: request.id,
      traceparent: typeof traceparent === 'string' ? traceparent : '',
      principal,
      startedAt,
      cacheControl,
      pinnedDeployment: typeof pinned === 'string' ? pinned : undefined,
    };
    return true;
  }
}

export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const ctx = context.switchToHttp().getRequest<GatedRequest>().gatehouse;
  if (!ctx) throw new Error('Caller used on a route without AuthGuard');
  return ctx;
});
