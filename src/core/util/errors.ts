/** Error codes the adapters turn into localised, actionable messages. */
export type FlowcastErrorCode =
  | 'backlog_not_found'
  | 'backlog_name_invalid'
  | 'backlog_name_taken'
  | 'no_active_backlog'
  | 'schema_too_new'
  | 'not_a_flowcast_db'
  | 'migration_failed'
  | 'item_not_found'
  | 'status_unknown'
  | 'invalid_input'
  | 'flush_failed'
  | 'relation_cycle'
  | 'type_in_use'
  | 'status_in_use'
  | 'import_failed'
  | 'nothing_to_undo';

/** An expected failure with a message fit to show the user (never containing secrets). */
export class FlowcastError extends Error {
  readonly userFacing = true;
  constructor(
    readonly code: FlowcastErrorCode,
    message: string,
    readonly args: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'FlowcastError';
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
