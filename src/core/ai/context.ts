// Inputs the prompts are built from: project context within a budget, the output language, long
// notes cut into chunks without losing a character, and the FTS query that finds similar items.
import { textTokens } from '../search';

export interface ContextFile {
  /** Workspace-relative name, shown to the model. */
  name: string;
  text: string;
}

/**
 * Project context (README / AGENTS.md / CLAUDE.md…, then the editor selection) within `budget`
 * characters: each file gets an equal share of what is left, the cut is marked, and the selection
 * is kept first because it is the most specific.
 */
export function buildProjectContext(files: ContextFile[], selection: { file: string; text: string } | undefined, budget: number): string {
  const parts: string[] = [];
  let left = Math.max(0, budget);
  const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, Math.max(0, max - 40))}\n[… truncated, ${text.length - max + 40} more characters]`);
  if (selection?.text.trim()) {
    const body = cut(selection.text.trim(), Math.min(left, Math.ceil(budget / 2)));
    parts.push(`Selected code/text (${selection.file}):\n${body}`);
    left -= body.length;
  }
  const present = files.filter((f) => f.text.trim());
  present.forEach((f, i) => {
    if (left <= 200) return;
    const share = Math.floor(left / (present.length - i));
    const body = cut(f.text.trim(), share);
    parts.push(`File ${f.name}:\n${body}`);
    left -= body.length;
  });
  return parts.join('\n\n');
}

/**
 * A context file name from settings as a workspace-relative path, or undefined when it could point
 * outside the workspace folder (absolute, drive letter, "..", empty): a workspace's settings must
 * not make Flowcast send other files to the AI provider.
 */
export function safeContextPath(name: string): string | undefined {
  const n = name.trim().replace(/\\/g, '/');
  if (!n || n.startsWith('/') || /^[a-zA-Z]:/.test(n) || n.includes('\0')) return undefined;
  const parts = n.split('/').filter((p) => p && p !== '.');
  if (!parts.length || parts.includes('..')) return undefined;
  return parts.join('/');
}

const LANGUAGES: Record<string, string> = { en: 'English', fr: 'French', de: 'German', es: 'Spanish', it: 'Italian', pt: 'Portuguese', ja: 'Japanese', 'zh-cn': 'Simplified Chinese', 'zh-tw': 'Traditional Chinese', ko: 'Korean', ru: 'Russian', pl: 'Polish', nl: 'Dutch', tr: 'Turkish', cs: 'Czech' };

/** Language name for the prompts: the setting when not "auto", else VS Code's display language. */
export function outputLanguage(setting: string | undefined, displayLanguage: string): string {
  const pick = (tag: string) => LANGUAGES[tag.toLowerCase()] ?? LANGUAGES[tag.toLowerCase().split('-')[0]];
  if (setting && setting !== 'auto') return pick(setting) ?? setting;
  return pick(displayLanguage) ?? 'English';
}

/**
 * Cuts `text` into chunks of at most `max` characters, preferring paragraph, then line, then
 * sentence/space boundaries. Joining the chunks gives back `text` exactly (nothing dropped).
 */
export function chunkText(text: string, max: number): string[] {
  if (max < 1) throw new Error('chunk size must be positive');
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let at = -1;
    for (const sep of ['\n\n', '\n', '. ', ' ']) {
      const i = window.lastIndexOf(sep);
      if (i >= max * 0.4) {
        at = i + sep.length;
        break;
      }
    }
    if (at <= 0) at = max;
    // never split a surrogate pair
    const code = rest.charCodeAt(at - 1);
    if (code >= 0xd800 && code <= 0xdbff) at--;
    chunks.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  if (rest.length || chunks.length === 0) chunks.push(rest);
  return chunks;
}

const STOP = new Set(
  'the and for with that this from into when then than have has not are was were will would should could can our your their its it a an to of in on at by or as be is do does make add new use using fix item items why what which who where how there these those about les des une pour avec dans sur par pas est sont qui que aux ces cette être faire plus pourquoi quoi quel quelle quels quelles comment où quand'.split(' '),
);

/** An OR query of the most telling words of `text`, for the FTS pre-filter (empty when nothing is usable). */
export function similarityQuery(text: string, maxTerms = 12): string {
  const counts = new Map<string, number>();
  for (const t of textTokens(text.toLowerCase())) {
    if (t.length < 3 || STOP.has(t) || /^\d+$/.test(t)) continue;
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const words = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length).slice(0, maxTerms).map(([w]) => w);
  return words.join(' OR ');
}
