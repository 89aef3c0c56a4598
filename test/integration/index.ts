import path from 'node:path';
import { runFolder } from './runMocha';

/** Entry point for the extension host (extensionTestsPath): the main integration suite. */
export function run(): Promise<void> {
  return runFolder(path.join(__dirname, 'suite'), 'integration');
}
