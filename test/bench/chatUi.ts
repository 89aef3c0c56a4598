// Chat benchmark in real VS Code (code-server) and Chromium: the time from the fake provider
// server writing the first streamed token (the real openai SDK reads it in the extension host) to
// that token in the chat panel's page, at the animation frame that paints it. The server paces
// the rest of the answer 400 ms apart, so the first token is alone on screen. Both clocks are the
// machine's wall clock (performance.timeOrigin + now() on each side).
// Run: npm run build && npx tsc -p test/tsconfig.json && node out/test/bench/chatUi.js
import { startFakeAiServer } from '../fakes/aiServer';
import { addCards, findWebviewFrame, newBacklog, openFlowcastBoard, openWorkbench, runCommand, writeSettings } from '../e2e/workbench';

const ROUNDS = Number(process.env.FLOWCAST_BENCH_CHAT_ROUNDS ?? 15);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  const server = await startFakeAiServer({ allowNoKey: true });
  const wb = await openWorkbench({ viewport: { width: 1400, height: 900 } });
  try {
    await writeSettings(wb.userDataDir, { 'flowcast.ai.provider': 'custom', 'flowcast.ai.custom.baseUrl': server.openaiBaseUrl, 'flowcast.ai.custom.model': 'gpt-4o-mini', 'flowcast.ai.timeoutSeconds': 30 });
    const board = await openFlowcastBoard(wb.page);
    await board.locator('#create-backlog').waitFor({ timeout: 30_000 });
    await newBacklog(wb.page, 'Chat bench');
    await board.locator('#board-title', { hasText: 'Chat bench' }).waitFor({ timeout: 20_000 });
    await addCards(board, ['Login crashes on submit']);
    await runCommand(wb.page, 'Flowcast: Open Chat');
    const chat = await findWebviewFrame(wb.page, 'flowcast-chat');
    await chat.locator('vscode-button.model', { hasText: 'gpt-4o-mini' }).waitFor({ timeout: 30_000 });
    const latencies: number[] = [];
    for (let i = 0; i < ROUNDS + 2; i++) {
      const marker = `Mk${i}q`;
      server.reply({ fault: 'paced', text: `${marker} is the first token; the rest of this answer follows slowly, in pieces.`, gapMs: 400 });
      // Watches the streaming area of the page each frame and notes when the marker is there.
      await chat.evaluate((m) => {
        type El = { shadowRoot?: El | null; textContent?: string | null; querySelector(s: string): El | null };
        const g = globalThis as unknown as { __firstToken?: number; document: El; requestAnimationFrame(f: () => void): void };
        g.__firstToken = undefined;
        const look = () => {
          const root = g.document.querySelector('flowcast-chat')?.shadowRoot;
          if (root?.querySelector('.streaming')?.textContent?.includes(m)) g.__firstToken = performance.timeOrigin + performance.now();
          else g.requestAnimationFrame(look);
        };
        g.requestAnimationFrame(look);
      }, marker);
      const before = server.chatRequests().length;
      await chat.locator('fc-chat-composer textarea').fill(`Round ${i}: what next?`);
      await chat.locator('fc-chat-composer textarea').press('Enter');
      await chat.waitForFunction(() => (globalThis as unknown as { __firstToken?: number }).__firstToken !== undefined, undefined, { timeout: 30_000 });
      const shown = await chat.evaluate(() => (globalThis as unknown as { __firstToken: number }).__firstToken);
      const written = server.chatRequests()[before]?.firstContentAt;
      if (written === undefined) throw new Error('the server did not record its first token');
      if (i >= 2) latencies.push(shown - written); // two warm-up rounds
      await chat.locator('fc-chat-message [data-role="assistant"]', { hasText: marker }).waitFor({ timeout: 30_000 });
    }
    console.log(`\nChat first token (real VS Code + Chromium, ${ROUNDS} answers, fake OpenAI-compatible server):`);
    console.log(`  server writes the first token -> token in the page: median ${median(latencies).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms (target < 50 ms)`);
    console.log(`  all: ${latencies.map((x) => x.toFixed(0)).join(' ')}`);
  } finally {
    await wb.close();
    await server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
