// Flowcast validates with zod/mini (tree-shakable: ~20 KB instead of ~450 KB in every bundle).
// Import it as `import * as z from 'zod/mini'` in each module (never re-export the namespace: that
// defeats tree-shaking). This module sets short English messages that never echo the value.
import * as z from 'zod/mini';

z.config({
  localeError: (issue) => {
    const unit = (origin: string | undefined) => (origin === 'string' ? ' characters' : origin === 'array' ? ' entries' : '');
    switch (issue.code) {
      case 'invalid_type':
        return `expected ${issue.expected}`;
      case 'too_big':
        return `too big: at most ${String(issue.maximum)}${unit(issue.origin)}`;
      case 'too_small':
        return `too small: at least ${String(issue.minimum)}${unit(issue.origin)}`;
      case 'invalid_format':
        return `invalid format${issue.format && issue.format !== 'regex' ? ` (${issue.format})` : ''}`;
      case 'unrecognized_keys':
        return `unexpected key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.slice(0, 5).join(', ')}`;
      case 'invalid_value':
        return `expected one of: ${issue.values.slice(0, 10).map(String).join(', ')}`;
      case 'invalid_union':
        return 'matches none of the allowed shapes';
      default:
        return 'invalid value';
    }
  },
});

/** Any zod schema whose parsed output is T. */
export type Schema<T> = z.ZodMiniType<T, unknown>;
