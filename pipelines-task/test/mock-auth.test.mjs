// Every auth scheme through task-lib's mock runner: the environment azsync is given, and each secret registered
// with setsecret before anything else is printed.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { CONN, leaks } from './harness.mjs';
import { mockWorld, eachNode, printedBeforeSecrets } from './mock/runner.mjs';

const world = mockWorld();
after(() => world.cleanup());
const P = (k) => `ENDPOINT_AUTH_PARAMETER_${CONN}_${k}`;
const connection = { authMode: 'serviceConnection', azureSubscription: CONN, sasToken: undefined };
const pick = (env, keys) => Object.fromEntries(keys.map(k => [k, env[k]]));

function assertRan(r) {
  assert.equal(r.result?.[1], 'Succeeded', r.out);
  assert.ok(r.tr.succeeded);
  assert.ok(r.tr.ran(r.installCmd) && r.tr.ran(r.azsyncCmd), r.out);
  assert.equal(r.tr.invokedToolCount, 2);
}

eachNode('WorkloadIdentityFederation: client, tenant, connection id, job token and OIDC URI reach azsync', async (node) => {
  const token = 'mock-job-token-5d1e9a';
  const oidc = 'https://dev.azure.com/org/proj/_apis/distributedtask/hubs/build/plans/p/jobs/j/oidctoken';
  const r = await world.run(node, { inputs: connection, env: {
    [`ENDPOINT_AUTH_SCHEME_${CONN}`]: 'WorkloadIdentityFederation',
    [P('SERVICEPRINCIPALID')]: 'wif-client', [P('TENANTID')]: 'wif-tenant',
    SYSTEM_ACCESSTOKEN: token, SYSTEM_OIDCREQUESTURI: oidc,
  } });
  assertRan(r);
  const keys = ['AZSYNC_AUTH', 'AZURESUBSCRIPTION_CLIENT_ID', 'AZURESUBSCRIPTION_TENANT_ID', 'AZURESUBSCRIPTION_SERVICE_CONNECTION_ID', 'SYSTEM_ACCESSTOKEN', 'SYSTEM_OIDCREQUESTURI'];
  assert.deepEqual(pick(r.record.env, keys), {
    AZSYNC_AUTH: 'azure-pipelines', AZURESUBSCRIPTION_CLIENT_ID: 'wif-client', AZURESUBSCRIPTION_TENANT_ID: 'wif-tenant',
    AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: CONN, SYSTEM_ACCESSTOKEN: token, SYSTEM_OIDCREQUESTURI: oidc,
  });
  assert.deepEqual(printedBeforeSecrets(r.tr.stdout, [token]), []);
  assert.deepEqual(leaks(r.out, [token]), []);
});

eachNode('WorkloadIdentityFederation without a job token fails before running anything', async (node) => {
  const r = await world.run(node, { inputs: connection, env: {
    [`ENDPOINT_AUTH_SCHEME_${CONN}`]: 'WorkloadIdentityFederation',
    [P('SERVICEPRINCIPALID')]: 'wif-client', [P('TENANTID')]: 'wif-tenant', SYSTEM_OIDCREQUESTURI: 'https://dev.azure.com/x',
  } });
  assert.ok(r.tr.failed);
  assert.match(r.result[2], /System\.AccessToken/);
  assert.equal(r.tr.invokedToolCount, 0);
});

eachNode('ServicePrincipal secret: AZURE_CLIENT_ID/TENANT_ID/CLIENT_SECRET with AZSYNC_AUTH=spn', async (node) => {
  const key = 'mock-spn-secret-Zq7w';
  const r = await world.run(node, { inputs: connection, env: {
    [`ENDPOINT_AUTH_SCHEME_${CONN}`]: 'ServicePrincipal', [P('AUTHENTICATIONTYPE')]: 'spnKey',
    [P('SERVICEPRINCIPALID')]: 'spn-app', [P('TENANTID')]: 'spn-tenant', [P('SERVICEPRINCIPALKEY')]: key,
  } });
  assertRan(r);
  assert.deepEqual(pick(r.record.env, ['AZSYNC_AUTH', 'AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH']),
    { AZSYNC_AUTH: 'spn', AZURE_CLIENT_ID: 'spn-app', AZURE_TENANT_ID: 'spn-tenant', AZURE_CLIENT_SECRET: key, AZURE_CLIENT_CERTIFICATE_PATH: undefined });
  assert.deepEqual(printedBeforeSecrets(r.tr.stdout, [key]), []);
  assert.deepEqual(leaks(r.out, [key]), []);
});

eachNode('ServicePrincipal certificate: an owner-only PEM in the agent temp dir for the run, removed after', async (node) => {
  const body = 'MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDmock';
  const pem = `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`;
  const r = await world.run(node, { inputs: connection, env: {
    [`ENDPOINT_AUTH_SCHEME_${CONN}`]: 'ServicePrincipal', [P('AUTHENTICATIONTYPE')]: 'spnCertificate',
    [P('SERVICEPRINCIPALID')]: 'spn-app', [P('TENANTID')]: 'spn-tenant', [P('SERVICEPRINCIPALCERTIFICATE')]: pem,
  } });
  assertRan(r);
  const file = r.record.env.AZURE_CLIENT_CERTIFICATE_PATH;
  assert.ok(file.startsWith(`${r.dir}/temp/`), file);
  assert.deepEqual(r.record.cert, { mode: 0o600, text: pem });
  assert.equal(r.record.env.AZURE_CLIENT_SECRET, undefined);
  assert.equal(existsSync(file), false, 'the PEM is removed after the run');
  assert.deepEqual(printedBeforeSecrets(r.tr.stdout, [body]), []);
  assert.deepEqual(leaks(r.out, [body]), []);
});

eachNode('ManagedServiceIdentity: AZSYNC_AUTH=msi, plus the user-assigned client id when the connection has one', async (node) => {
  const system = await world.run(node, { inputs: connection, env: { [`ENDPOINT_AUTH_SCHEME_${CONN}`]: 'ManagedServiceIdentity' } });
  assertRan(system);
  assert.deepEqual(pick(system.record.env, ['AZSYNC_AUTH', 'AZURE_CLIENT_ID']), { AZSYNC_AUTH: 'msi', AZURE_CLIENT_ID: undefined });
  const user = await world.run(node, { inputs: connection, env: {
    [`ENDPOINT_AUTH_SCHEME_${CONN}`]: 'ManagedServiceIdentity', [P('SERVICEPRINCIPALID')]: 'uami-client',
  } });
  assertRan(user);
  assert.deepEqual(pick(user.record.env, ['AZSYNC_AUTH', 'AZURE_CLIENT_ID']), { AZSYNC_AUTH: 'msi', AZURE_CLIENT_ID: 'uami-client' });
});

eachNode('authMode sas: AZURE_STORAGE_SAS_TOKEN only, registered before any output', async (node) => {
  const sas = 'sv=2025-11-05&ss=b&sp=rwdl&se=2030-01-01&sig=mockSasSig%2Bx%3D';
  const r = await world.run(node, { inputs: { authMode: 'sas', sasToken: sas } });
  assertRan(r);
  assert.equal(r.record.env.AZURE_STORAGE_SAS_TOKEN, sas);
  assert.equal(r.record.env.AZSYNC_AUTH, undefined);
  assert.deepEqual(printedBeforeSecrets(r.tr.stdout, [sas]), []);
  assert.deepEqual(leaks(r.out, [sas, 'mockSasSig%2Bx%3D']), []);
});

eachNode('authMode key: AZURE_STORAGE_CONNECTION_STRING only, registered before any output', async (node) => {
  const cs = 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=bW9ja0tleQ==;EndpointSuffix=core.windows.net';
  const r = await world.run(node, { inputs: { authMode: 'key', connectionString: cs, sasToken: undefined } });
  assertRan(r);
  assert.equal(r.record.env.AZURE_STORAGE_CONNECTION_STRING, cs);
  assert.equal(r.record.env.AZURE_STORAGE_SAS_TOKEN, undefined);
  assert.deepEqual(printedBeforeSecrets(r.tr.stdout, [cs]), []);
  assert.deepEqual(leaks(r.out, [cs, 'bW9ja0tleQ==']), []);
});
