// Text forms of one item: Markdown for humans, and a prompt for an AI coding agent.
import type { Item } from './model';

export interface FormatLabels {
  type: string;
  status: string;
  priority: string;
  severity: string;
  effort: string;
  targetDate: string;
  component: string;
  tags: string;
  description: string;
  userStory: string;
  specs: string;
  reproSteps: string;
  criteria: string;
  dependencies: string;
  constraints: string;
  attachments: string;
  links: string;
  blockedBy: string;
  blocks: string;
}

export const ENGLISH_LABELS: FormatLabels = {
  type: 'Type',
  status: 'Status',
  priority: 'Priority',
  severity: 'Severity',
  effort: 'Effort',
  targetDate: 'Target date',
  component: 'Component',
  tags: 'Tags',
  description: 'Description',
  userStory: 'User story',
  specs: 'Specifications',
  reproSteps: 'Steps to reproduce',
  criteria: 'Acceptance criteria',
  dependencies: 'Dependencies',
  constraints: 'Constraints',
  attachments: 'Attachments',
  links: 'Code',
  blockedBy: 'Blocked by',
  blocks: 'Blocks',
};

export interface FormatContext {
  labels?: FormatLabels;
  typeLabel?: string;
  statusLabel?: string;
  blockedBy?: string[];
  blocks?: string[];
}

/** One item as a Markdown section (the format of "Copy Item as Markdown"). */
export function itemToMarkdown(item: Item, ctx: FormatContext = {}): string {
  const L = ctx.labels ?? ENGLISH_LABELS;
  const out: string[] = [`## ${item.id}: ${item.emoji ? `${item.emoji} ` : ''}${item.title}`, ''];
  const meta: string[] = [`**${L.type}:** ${ctx.typeLabel ?? item.type}`, `**${L.status}:** ${ctx.statusLabel ?? item.status}`];
  if (item.priority) meta.push(`**${L.priority}:** ${item.priority}`);
  if (item.severity) meta.push(`**${L.severity}:** ${item.severity}`);
  if (item.effort) meta.push(`**${L.effort}:** ${item.effort}`);
  if (item.targetDate) meta.push(`**${L.targetDate}:** ${item.targetDate}`);
  if (item.component) meta.push(`**${L.component}:** ${item.component}`);
  if (item.tags.length) meta.push(`**${L.tags}:** ${item.tags.map((t) => `#${t}`).join(' ')}`);
  out.push(meta.join('  \n'), '');
  const section = (title: string, lines: string[]) => {
    if (lines.length) out.push(`### ${title}`, '', ...lines, '');
  };
  section(L.description, item.description.trim() ? [item.description.trimEnd()] : []);
  section(L.userStory, item.userStory.trim() ? item.userStory.trimEnd().split('\n').map((l) => `> ${l}`) : []);
  section(L.reproSteps, item.reproSteps.map((s, i) => `${i + 1}. ${s}`));
  section(L.specs, item.specs.map((s) => `- ${s}`));
  section(L.criteria, item.criteria.map((c) => `- [${c.checked ? 'x' : ' '}] ${c.text}`));
  section(L.dependencies, item.dependencies.map((s) => `- ${s}`));
  section(L.constraints, item.constraints.map((s) => `- ${s}`));
  section(L.blockedBy, (ctx.blockedBy ?? []).map((s) => `- ${s}`));
  section(L.blocks, (ctx.blocks ?? []).map((s) => `- ${s}`));
  section(L.links, item.links.map((l) => `- \`${l.file}:${l.line}\``));
  section(L.attachments, item.attachments.map((a) => `- ${a.name} (${a.path})`));
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

/**
 * A prompt for an AI coding agent: the ticket, its acceptance criteria as a checklist to satisfy,
 * and the files it references, with instructions to stay in scope.
 */
export function itemToAiPrompt(item: Item, ctx: FormatContext & { attachmentsDir?: string } = {}): string {
  const files = [...new Set(item.links.map((l) => `${l.file}:${l.line}`))];
  const lines = [
    `You are working on ticket ${item.id} (${ctx.typeLabel ?? item.type}${item.priority ? `, priority ${item.priority}` : ''}${item.severity ? `, severity ${item.severity}` : ''}).`,
    '',
    `# ${item.title}`,
    '',
  ];
  if (item.description.trim()) lines.push(item.description.trimEnd(), '');
  if (item.userStory.trim()) lines.push('## User story', '', item.userStory.trimEnd(), '');
  if (item.reproSteps.length) lines.push('## Steps to reproduce', '', ...item.reproSteps.map((s, i) => `${i + 1}. ${s}`), '');
  if (item.specs.length) lines.push('## Specifications', '', ...item.specs.map((s) => `- ${s}`), '');
  if (item.constraints.length) lines.push('## Constraints', '', ...item.constraints.map((s) => `- ${s}`), '');
  if (item.dependencies.length) lines.push('## Dependencies', '', ...item.dependencies.map((s) => `- ${s}`), '');
  const open = item.criteria.filter((c) => !c.checked);
  if (item.criteria.length) {
    lines.push('## Acceptance criteria (all must hold when you are done)', '', ...item.criteria.map((c) => `- [${c.checked ? 'x' : ' '}] ${c.text}`), '');
  }
  if (files.length) lines.push('## Relevant files', '', ...files.map((f) => `- ${f}`), '');
  if (item.attachments.length) lines.push('## Attachments', '', ...item.attachments.map((a) => `- ${a.name}: ${ctx.attachmentsDir ? `${ctx.attachmentsDir}/` : ''}${a.path}`), '');
  if (ctx.blockedBy?.length) lines.push(`Note: this ticket is blocked by ${ctx.blockedBy.join(', ')}.`, '');
  lines.push(
    '## How to work',
    '',
    '- Read the relevant files first; keep changes focused on this ticket.',
    open.length ? `- Satisfy the ${open.length} open acceptance criteria above and add or update tests that prove them.` : '- Add or update tests that prove the change.',
    '- Explain briefly what you changed and why when you finish.',
  );
  return lines.join('\n').trimEnd() + '\n';
}
