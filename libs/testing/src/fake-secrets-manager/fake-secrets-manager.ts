import { listen } from '../fake-http/listen';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface FakeSecretsManager {
  /** The endpoint for `SECRETS_MANAGER_ENDPOINT`. */
  url: string;
  /** SecretString by secret id (name); change it to simulate a rotation. */
  readonly secrets: Map<string, string>;
  /** Secret ids asked for, in order. */
  readonly reads: string[];
  close(): Promise<void>;
}

const JSON_1_1 = 'application/x-amz-json-1.1';

/**
 * Secrets Manager's JSON protocol, GetSecretValue only: `POST /` with
 * `X-Amz-Target: secretsmanager.GetSecretValue`, a SigV4 `Authorization`, and AWS's error shape
 * (`__type` plus `x-amzn-ErrorType`). https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 */
export async function startFakeSecretsManager(secrets: Record<string, string> = {}): Promise<FakeSecretsManager> {
  const store = new Map(Object.entries(secrets));
  const reads: string[] = [];
  const server = createServer((req, res) => void handle(store, reads, req, res));
  const { url, close } = await listen(server);
  return { url, secrets: store, reads, close };
}

async function handle(store: Map<string, string>, reads: string[], req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (req.method !== 'POST' || req.url !== '/') return fail(res, 404, 'UnknownOperationException', 'Not found');
  if (!req.headers.authorization?.startsWith('AWS4-HMAC-SHA256 Credential=')) {
    return fail(res, 400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  if (req.headers['content-type'] !== JSON_1_1) return fail(res, 400, 'SerializationException', 'Bad content-type');
  if (req.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
    return fail(res, 400, 'UnknownOperationException', 'Only GetSecretValue is faked');
  }
  let secretId: unknown;
  try {
    secretId = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { SecretId?: unknown }).SecretId;
  } catch {
    return fail(res, 400, 'SerializationException', 'Body is not JSON');
  }
  if (typeof secretId !== 'string') return fail(res, 400, 'InvalidParameterException', 'SecretId is required');
  reads.push(secretId);
  const value = store.get(secretId);
  if (value === undefined) {
    return fail(res, 400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
  }
  const arn = `arn:aws:secretsmanager:us-east-1:000000000000:secret:${secretId}-AbCdEf`;
  res.writeHead(200, { 'content-type': JSON_1_1 });
  res.end(
    JSON.stringify({
      ARN: arn,
      Name: secretId,
      SecretString: value,
      VersionId: '00000000-0000-0000-0000-000000000001',
      VersionStages: ['AWSCURRENT'],
      CreatedDate: 1700000000,
    }),
  );
}

function fail(res: ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, { 'content-type': JSON_1_1, 'x-amzn-errortype': type });
  res.end(JSON.stringify({ __type: type, message }));
}
