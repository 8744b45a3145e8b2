import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { sandbox, leaks, CONN } from './harness.mjs';

const box = sandbox();
after(() => box.cleanup());
const P = (k) => `ENDPOINT_AUTH_PARAMETER_${CONN}_${k}`;

test('workload identity federation hands client, tenant, connection id, job token and OIDC URI to azsync', () => {
  const token = 'job-token-7f3a9c1e5b';
  const r = box.run({
    [`ENDPOINT_AUTH_SCHEME_${CONN}`]: 'WorkloadIdentityFederation',
    [P('SERVICEPRINCIPALID')]: 'client-guid', [P('TENANTID')]: 'tenant-guid',
    SYSTEM_ACCESSTOKEN: token, SYSTEM_OIDCREQUESTURI: 'https://dev.azure.com/org/proj/_apis/distributedtask/hubs/build/plans/p/jobs/j/oidctoken',
  });
  assert.equal(r.result?.[1], 'Succeeded', r.out);
  const e = r.record.env;
  assert.equal(e.AZSYNC_AUTH, 'azure-pipelines');
  assert.equal(e.AZURESUBSCRIPTION_CLIENT_ID, 'client-guid');
  assert.equal(e.AZURESUBSCRIPTION_TENANT_ID, 'tenant-guid');
  assert.equal(e.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID, CONN);
  assert.equal(e.SYSTEM_ACCESSTOKEN, token);
  assert.match(e.SYSTEM_OIDCREQUESTURI, /oidctoken$/);
  assert.ok(r.out.includes(`##vso[task.setsecret]${token}`), 'the job token is registered as a secret');
  assert.deepEqual(leaks(r.out, [token]), []);
});

test('workload identity federation without a job token fails and says how to map it', () => {
  const r = box.run({
    [`ENDPOINT_AUTH_SCHEME_${CONN}`]: 'WorkloadIdentityFederation',
    [P('SERVICEPRINCIPALID')]: 'client-guid', [P('TENANTID')]: 'tenant-guid',
    SYSTEM_OIDCREQUESTURI: 'https://dev.azure.com/x',
  });
  assert.equal(r.result?.[1], 'Failed');
  assert.match(r.result[2], /System\.AccessToken/);
  assert.equal(r.record, null, 'azsync must not run');
});

test('service principal with a secret sets AZURE_CLIENT_ID/TENANT_ID/CLIENT_SECRET and AZSYNC_AUTH=spn', () => {
  const key = 'spn-secret-Q8z!x2';
  const r = box.run({
    [`ENDPOINT_AUTH_SCHEME_${CONN}`]: 'ServicePrincipal',
    [P('SERVICEPRINCIPALID')]: 'app-id', [P('TENANTID')]: 'tenant-id', [P('SERVICEPRINCIPALKEY')]: key,
    [P('AUTHENTICATIONTYPE')]: 'spnKey',
  });
  assert.equal(r.result?.[1], 'Succeeded', r.out);
  assert.deepEqual([r.record.env.AZSYNC_AUTH, r.record.env.AZURE_CLIENT_ID, r.record.env.AZURE_TENANT_ID, r.record.env.AZURE_CLIENT_SECRET],
    ['spn', 'app-id', 'tenant-id', key]);
  assert.equal(r.record.env.AZURE_CLIENT_CERTIFICATE_PATH, undefined);
  assert.deepEqual(leaks(r.out, [key]), []);
});

test('service principal with a certificate writes an owner-only PEM for the run and deletes it after', () => {
  const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n';
  const r = box.run({
    [`ENDPOINT_AUTH_SCHEME_${CONN}`]: 'ServicePrincipal',
    [P('SERVICEPRINCIPALID')]: 'app-id', [P('TENANTID')]: 'tenant-id',
    [P('AUTHENTICATIONTYPE')]: 'spnCertificate', [P('SERVICEPRINCIPALCERTIFICATE')]: pem,
  });
  assert.equal(r.result?.[1], 'Succeeded', r.out);
  const file = r.record.env.AZURE_CLIENT_CERTIFICATE_PATH;
  assert.ok(file.startsWith(box.root), `PEM in the agent temp dir, got ${file}`);
  assert.equal(r.record.cert.text, pem);
  assert.equal(r.record.cert.mode, 0o600);
  assert.equal(r.record.env.AZURE_CLIENT_SECRET, undefined);
  assert.equal(r.record.env.AZSYNC_AUTH, 'spn');
  assert.equal(existsSync(file), false, 'the PEM is removed after the run');
  assert.deepEqual(leaks(r.out, ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7']), []);
});

test('managed identity sets AZSYNC_AUTH=msi and the user-assigned client id when present', () => {
  const sys = box.run({ [`ENDPOINT_AUTH_SCHEME_${CONN}`]: 'ManagedServiceIdentity' });
  assert.equal(sys.result?.[1], 'Succeeded', sys.out);
  assert.equal(sys.record.env.AZSYNC_AUTH, 'msi');
  assert.equal(sys.record.env.AZURE_CLIENT_ID, undefined);
  const user = box.run({ [`ENDPOINT_AUTH_SCHEME_${CONN}`]: 'ManagedServiceIdentity', [P('SERVICEPRINCIPALID')]: 'uami-client' });
  assert.equal(user.record.env.AZURE_CLIENT_ID, 'uami-client');
});

test('an unsupported scheme fails with the scheme name', () => {
  const r = box.run({ [`ENDPOINT_AUTH_SCHEME_${CONN}`]: 'PublishProfile' });
  assert.equal(r.result?.[1], 'Failed');
  assert.match(r.result[2], /PublishProfile.*WorkloadIdentityFederation/);
});

test('authMode sas passes AZURE_STORAGE_SAS_TOKEN and never prints it', () => {
  const sas = 'sv=2025-11-05&ss=b&srt=co&sp=rwdl&se=2030-01-01&sig=abcDEF123%2Bsecret%3D';
  const r = box.run({ INPUT_AUTHMODE: 'sas', INPUT_SASTOKEN: sas, INPUT_AZURESUBSCRIPTION: undefined });
  assert.equal(r.result?.[1], 'Succeeded', r.out);
  assert.equal(r.record.env.AZURE_STORAGE_SAS_TOKEN, sas);
  assert.equal(r.record.env.AZSYNC_AUTH, undefined);
  assert.deepEqual(leaks(r.out, [sas, 'abcDEF123%2Bsecret%3D']), []);
});

test('authMode key passes AZURE_STORAGE_CONNECTION_STRING and never prints it', () => {
  const cs = 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=S3cr3tKeyBase64==;EndpointSuffix=core.windows.net';
  const r = box.run({ INPUT_AUTHMODE: 'key', INPUT_CONNECTIONSTRING: cs, INPUT_AZURESUBSCRIPTION: undefined });
  assert.equal(r.result?.[1], 'Succeeded', r.out);
  assert.equal(r.record.env.AZURE_STORAGE_CONNECTION_STRING, cs);
  assert.deepEqual(leaks(r.out, [cs]), []);
});

