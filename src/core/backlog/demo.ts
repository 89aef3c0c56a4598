import type { BacklogService } from './service';

const DEMO_ITEMS: { title: string; type: string; status: string }[] = [
  { title: 'Crash when saving a file with an emoji in its name', type: 'BUG', status: 'in_progress' },
  { title: 'Export the backlog as CSV', type: 'FEAT', status: 'ready' },
  { title: 'Forecast: when will the 20 remaining items be done?', type: 'FEAT', status: 'backlog' },
  { title: 'Replace the deprecated webview toolkit', type: 'DEBT', status: 'done' },
  { title: 'Keyboard shortcuts cheat sheet', type: 'IDEA', status: 'backlog' },
  { title: 'Review the Content-Security-Policy of every webview', type: 'TASK', status: 'review' },
  { title: 'Import the TicketFlow backlog of the mobile app', type: 'TASK', status: 'backlog' },
];

/** Creates a demo backlog when the workspace has none (used by `npm start`). Returns true if it did. */
export async function seedDemoIfEmpty(service: BacklogService, name: string): Promise<boolean> {
  if ((await service.listBacklogs()).length) return false;
  const b = await service.createBacklog(name);
  for (const it of DEMO_ITEMS) await service.createItem(it, b.id);
  await service.flush();
  return true;
}
