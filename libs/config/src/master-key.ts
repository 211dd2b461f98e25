import { GatewayConfig } from './gateway-config';
import { SecretResolvers } from './secret';

/**
 * The admin master key: `GATEHOUSE_MASTER_KEY` from the service's env wins over
 * `general_settings.master_key`, so an operator can rotate it without editing the shared file.
 */
export async function resolveMasterKey(
  config: Pick<GatewayConfig, 'generalSettings'>,
  env: { readonly GATEHOUSE_MASTER_KEY?: string },
  resolvers: SecretResolvers = {},
): Promise<string | undefined> {
  if (env.GATEHOUSE_MASTER_KEY) return env.GATEHOUSE_MASTER_KEY;
  return config.generalSettings.master_key?.resolve(resolvers);
}
