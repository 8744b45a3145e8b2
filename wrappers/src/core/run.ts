import { spawn } from 'child_process';

/**
 * Runs the tool with the job's environment plus `env`, its output straight to the log (the tool writes the
 * outputs, summaries and annotations itself, so nothing here reads it), and resolves to its exit code.
 */
export function runTool(exe: string, args: string[], env: Record<string, string>, cwd?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, { cwd, env: { ...process.env, ...env }, stdio: 'inherit' });
    // A cancelled job signals this process; the tool must hear it to stop cleanly (exit 130) rather than be orphaned.
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal === 'SIGINT' ? 130 : 1));
    });
  });
}
