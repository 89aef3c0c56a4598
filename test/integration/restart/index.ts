import path from 'node:path';
import { runFolder } from '../runMocha';

/** Runs in a NEW extension host after the main suite's host is gone: checks what survived. */
export function run(): Promise<void> {
  return runFolder(path.join(__dirname, 'tests'), 'integration-after-restart');
}
