import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tl from 'azure-pipelines-task-lib/task';
import { endpointSecret, jobAccessToken, secretInput } from './secrets';

/** Environment for the azsync process, plus files to remove once it has exited. */
export interface AuthEnv {
  env: Record<string, string>;
  cleanup: string[];
}

// task-lib deletes ENDPOINT_* and SECRET_* from process.env, so every credential is read here and handed on.
// Secret values come from ./secrets (already registered with setSecret), never from task-lib's echoing getters.
function required(value: string | undefined, input: string): string {
  if (!value) throw new Error(`Input required: ${input} (use a secret variable, e.g. $(StorageSecret)).`);
  return value;
}

function param(id: string, name: string, optional = true): string | undefined {
  return tl.getEndpointAuthorizationParameter(id, name, optional) || undefined;
}

function need(value: string | undefined, what: string, connection: string): string {
  if (!value) throw new Error(`The service connection '${connection}' has no ${what}; edit it in Project settings > Service connections.`);
  return value;
}

export function authEnvironment(): AuthEnv {
  const mode = tl.getInput('authMode', false) || 'serviceConnection';
  // The inputs table hands sasToken and connectionString to the tool; here only their presence is the mode's.
  if (mode === 'sas') {
    required(secretInput('sasToken'), 'sasToken');
    return { env: {}, cleanup: [] };
  }
  if (mode === 'key') {
    required(secretInput('connectionString'), 'connectionString');
    return { env: {}, cleanup: [] };
  }
  if (mode !== 'serviceConnection') throw new Error(`authMode '${mode}' is not one of serviceConnection, sas, key.`);

  const id = tl.getInput('azureSubscription', true)!;
  const scheme = tl.getEndpointAuthorizationScheme(id, false);
  switch ((scheme || '').toLowerCase()) {
    case 'workloadidentityfederation':
      return workloadIdentity(id);
    case 'serviceprincipal':
      return servicePrincipal(id);
    case 'managedserviceidentity': {
      const clientId = param(id, 'serviceprincipalid');
      return { env: { AZSYNC_AUTH: 'msi', ...(clientId ? { AZURE_CLIENT_ID: clientId } : {}) }, cleanup: [] };
    }
    default:
      throw new Error(`The service connection '${id}' uses the scheme '${scheme}'; AzSync supports WorkloadIdentityFederation, ServicePrincipal and ManagedServiceIdentity.`);
  }
}

function workloadIdentity(id: string): AuthEnv {
  const clientId = need(param(id, 'serviceprincipalid'), 'service principal (client) id', id);
  const tenantId = need(param(id, 'tenantid'), 'tenant id', id);
  // As AzureCLI@2: the job token, or the SystemVssConnection's token when System.AccessToken is not mapped.
  const token = jobAccessToken();
  if (!token) throw new Error('No job access token: workload identity federation needs System.AccessToken (add "env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)" or allow scripts to access the OAuth token).');
  const oidc = tl.getVariable('System.OidcRequestUri');
  if (!oidc) throw new Error('System.OidcRequestUri is not set: this agent or server does not support workload identity federation.');
  return {
    env: {
      AZSYNC_AUTH: 'azure-pipelines',
      AZURESUBSCRIPTION_CLIENT_ID: clientId,
      AZURESUBSCRIPTION_TENANT_ID: tenantId,
      AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: id,
      SYSTEM_ACCESSTOKEN: token,
      SYSTEM_OIDCREQUESTURI: oidc,
    },
    cleanup: [],
  };
}

function servicePrincipal(id: string): AuthEnv {
  const clientId = need(param(id, 'serviceprincipalid'), 'service principal (client) id', id);
  const tenantId = need(param(id, 'tenantid'), 'tenant id', id);
  const env: Record<string, string> = { AZSYNC_AUTH: 'spn', AZURE_CLIENT_ID: clientId, AZURE_TENANT_ID: tenantId };
  const authType = (param(id, 'authenticationType') || '').toLowerCase();
  const certificate = endpointSecret(id, 'servicePrincipalCertificate');
  if (authType === 'spncertificate' || (certificate && !endpointSecret(id, 'serviceprincipalkey'))) {
    need(certificate, 'certificate', id);
    // Owner-only, deleted after the run: the PEM holds the private key.
    const dir = tl.getVariable('Agent.TempDirectory') || os.tmpdir();
    const file = path.join(dir, `azsync-${process.pid}-${Date.now()}.pem`);
    fs.writeFileSync(file, certificate!, { mode: 0o600 });
    env.AZURE_CLIENT_CERTIFICATE_PATH = file;
    return { env, cleanup: [file] };
  }
  env.AZURE_CLIENT_SECRET = need(endpointSecret(id, 'serviceprincipalkey'), 'service principal key', id);
  return { env, cleanup: [] };
}
