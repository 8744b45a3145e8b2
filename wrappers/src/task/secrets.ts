// Imported before azure-pipelines-task-lib: task-lib moves INPUT_*/ENDPOINT_* into its vault when it loads and
// echoes every value it hands out in a ##vso[task.debug] line. Secrets are captured here instead, registered
// with setSecret before anything prints, and never read through task-lib's getters.
const SECRET_PARAMS = ['SERVICEPRINCIPALKEY', 'SERVICEPRINCIPALCERTIFICATE', 'ACCESSTOKEN'];
const captured = new Map<string, string>();

for (const [name, value] of Object.entries(process.env)) {
  if (!value) continue;
  const upper = name.toUpperCase();
  const isEndpointSecret = upper.startsWith('ENDPOINT_AUTH_PARAMETER_') && SECRET_PARAMS.some(p => upper.endsWith('_' + p));
  if (isEndpointSecret || upper === 'INPUT_SASTOKEN' || upper === 'INPUT_CONNECTIONSTRING' || upper === 'SYSTEM_ACCESSTOKEN') {
    captured.set(upper, value);
  }
}

export function allSecrets(): string[] {
  return [...captured.values()];
}
export function secretInput(name: string): string | undefined {
  return captured.get('INPUT_' + name.toUpperCase());
}
export function endpointSecret(id: string, key: string): string | undefined {
  return captured.get(`ENDPOINT_AUTH_PARAMETER_${id}_${key}`.toUpperCase());
}
export function jobAccessToken(): string | undefined {
  return captured.get('SYSTEM_ACCESSTOKEN') ?? endpointSecret('SystemVssConnection', 'AccessToken');
}
