import { common, makePrincipal } from '@gatehouse/contracts';
import { AdminOperation } from '@gatehouse/governance';
import { createLogger } from '@gatehouse/logging';
import { Infra, startInfra } from '@gatehouse/testing';
import { DataSource } from 'typeorm';
import { adminCaller } from './admin-calls';
import { AuthSettings } from '../src/config/auth-settings';
import { dataSourceOptions } from '../src/config/data-source-options';
import { AuditLogRepository } from '../src/repositories/audit-log.repository';
import { ControlEventsRepository } from '../src/repositories/control-events.repository';
import { CredentialsRepository } from '../src/repositories/credentials.repository';
import { KeysRepository } from '../src/repositories/keys.repository';
import { TeamsRepository } from '../src/repositories/teams.repository';
import { UsersRepository } from '../src/repositories/users.repository';
import { AdminHandler } from '../src/services/admin/admin-handler';
import { KeysAdminService } from '../src/services/admin/keys-admin.service';
import { TeamsAdminService } from '../src/services/admin/teams-admin.service';
import { CredentialVerifier } from '../src/services/credential-verifier';
import { JwtPrincipals } from '../src/services/credentials/jwt-principals';
import { KeyLookupService } from '../src/services/credentials/key-lookup.service';

const master = makePrincipal({ kind: 'master', subject: 'master-hash', keyAlias: 'master', admin: true });

describe('guardrails in the principal auth answers with, against Postgres (requires authentication)', () => {
  let infra: Infra;
  let db: DataSource;
  let verifier: CredentialVerifier;
  let handlers: Partial<Record<AdminOperation, AdminHandler>>;
  const events = { keyChanged: jest.fn(), scopeChanged: jest.fn() };

  const call = adminCaller(() => handlers, master);
  const generate = async (body: Record<string, unknown>) => {
    const answer = await call('key.generate', body);
    return { key: answer.key as string, token: answer.token as string };
  };
  const principalOf = async (credential: string): Promise<common.Principal> => {
    const answer = await verifier.authenticate({ credential, requestId: 'req-auth' });
    if (!answer.principal) throw new Error(`refused: ${JSON.stringify(answer.error)}`);
    return answer.principal;
  };
  /** Each published event as (type, target), without the request id. */
  const published = () => [
    ...events.keyChanged.mock.calls.map(([type, hash]: unknown[]) => [type, hash]),
    ...events.scopeChanged.mock.calls.map(([scope, id]: unknown[]) => [scope, id]),
  ];

  beforeAll(async () => {
    infra = await startInfra();
    db = new DataSource(dataSourceOptions({ url: await infra.createDatabase('auth_guardrails') }));
    await db.initialize();
    const settings = new AuthSettings(
      'sk-master-guardrails',
      10_000,
      60_000,
      100,
      undefined,
      new Set(['pii-mask', 'toxicity', 'secrets']),
    );
    const log = new AuditLogRepository();
    const users = new UsersRepository(db, log);
    const control = events as unknown as ControlEventsRepository;
    handlers = {
      ...new KeysAdminService(new KeysRepository(db, log), control, settings).handlers(),
      ...new TeamsAdminService(new TeamsRepository(db, log, users), users, control, settings).handlers(),
    };
    const credentials = new CredentialsRepository(db);
    const keys = new KeyLookupService(credentials, settings, createLogger('auth-test', 'silent'));
    verifier = new CredentialVerifier(settings, keys, new JwtPrincipals(null, credentials, settings));
  });

  afterAll(async () => {
    await db?.destroy();
    await infra?.stop();
  });

  beforeEach(() => jest.clearAllMocks());

  it("carries the key's guardrails, then its team's, each once; the master key adds none and may add its own", async () => {
    await call('team.new', { team_id: 'search', guardrails: ['toxicity', 'pii-mask'] });
    const { key } = await generate({ team_id: 'search', guardrails: ['secrets', 'toxicity'] });
    expect(await principalOf(key)).toMatchObject({
      kind: 'virtual_key',
      guardrails: ['secrets', 'toxicity', 'pii-mask'],
      allowRequestGuardrails: false,
    });
    const { key: allowed } = await generate({ allow_request_guardrails: true });
    expect(await principalOf(allowed)).toMatchObject({ guardrails: [], allowRequestGuardrails: true });
    expect(await principalOf('sk-master-guardrails')).toMatchObject({
      kind: 'master',
      guardrails: [],
      allowRequestGuardrails: true,
    });
  });

  it('announces a guardrails change with the event a limits or models change sends, and answers with it next', async () => {
    await call('team.new', { team_id: 'ops' });
    const { key, token } = await generate({ team_id: 'ops' });
    expect((await principalOf(key)).guardrails).toEqual([]);
    jest.clearAllMocks();

    await call('team.update', { team_id: 'ops', rpm_limit: 10 });
    await call('team.update', { team_id: 'ops', guardrails: ['toxicity'] });
    expect(published()).toEqual([
      ['team', 'ops'],
      ['team', 'ops'],
    ]);
    expect((await principalOf(key)).guardrails).toEqual(['toxicity']);
    jest.clearAllMocks();

    await call('key.update', { key, models: ['gpt-4o'] });
    await call('key.update', { key, guardrails: ['secrets'], allow_request_guardrails: true });
    expect(published()).toEqual([
      ['key.updated', token],
      ['key.updated', token],
    ]);
    expect(await principalOf(key)).toMatchObject({ guardrails: ['secrets', 'toxicity'], allowRequestGuardrails: true });

    await call('team.update', { team_id: 'ops', guardrails: [] });
    expect((await principalOf(key)).guardrails).toEqual(['secrets']);
  });
});
