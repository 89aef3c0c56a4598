// The backlog's history as the forecasts read it (one extraction per backlog), kept until the
// backlog's database is written: a panel run, the card dates and the status bar no longer read
// 10,000 items' history again when nothing moved. Any committed write (through the service or
// not) moves the database's write generation and the entry is read again; so does a reopened
// database (a new repository object). The service's change events drop entries early.
import type * as vscode from 'vscode';
import type { BacklogRepository } from '../core/backlog/repository';
import type { BacklogService } from '../core/backlog/service';
import { extractBacklog, type BacklogExtraction } from '../core/forecast';

interface Entry {
  repo: BacklogRepository;
  generation: number;
  plain?: BacklogExtraction;
  withTransitions?: BacklogExtraction;
}

export class ExtractionCache implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly sub: { dispose(): void };

  constructor(service: BacklogService) {
    this.sub = service.onDidChange((e) => {
      if (e.kind === 'items' || e.kind === 'workflow') this.entries.delete(e.backlogId);
      else this.entries.clear();
    });
  }

  /** The extraction of `repo` (the backlog `backlogId`); with `transitions`, every status change too. Treat it as read-only. */
  get(backlogId: string, repo: BacklogRepository, opts: { transitions?: boolean } = {}): BacklogExtraction {
    let e = this.entries.get(backlogId);
    if (!e || e.repo !== repo || e.generation !== repo.db.writeGeneration) {
      e = { repo, generation: repo.db.writeGeneration };
      this.entries.set(backlogId, e);
    }
    if (opts.transitions) return (e.withTransitions ??= extractBacklog(repo, { transitions: true }));
    return (e.plain ??= extractBacklog(repo));
  }

  dispose(): void {
    this.sub.dispose();
    this.entries.clear();
  }
}
