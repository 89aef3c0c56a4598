import type * as vscode from 'vscode';

/**
 * API keys and personal access tokens live only here: VS Code SecretStorage (the OS keychain on
 * desktop). Names are namespaced; values are never logged, shown, exported or sent to webviews.
 */
export class SecretStore {
  private static readonly PREFIX = 'flowcast.secret.';

  constructor(private readonly storage: vscode.SecretStorage) {}

  private static key(name: string): string {
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(name)) throw new Error(`invalid secret name: ${name}`);
    return SecretStore.PREFIX + name;
  }

  async store(name: string, value: string): Promise<void> {
    if (!value) throw new Error('refusing to store an empty secret');
    await this.storage.store(SecretStore.key(name), value);
  }

  get(name: string): Thenable<string | undefined> {
    return this.storage.get(SecretStore.key(name));
  }

  async has(name: string): Promise<boolean> {
    return (await this.storage.get(SecretStore.key(name))) !== undefined;
  }

  async delete(name: string): Promise<void> {
    await this.storage.delete(SecretStore.key(name));
  }
}
