// The backlog's history as the forecasts read it (one extraction per backlog), kept until the
// backlog changes: a panel run, the card dates and the status bar no longer read 10,000 items'
// history again when nothing moved. Every change goes through the backlog service, whose change
// event drops the entry; a reopened database (a new repository object) is read again too.
import type * as vscode from 'vscode';
import type { BacklogRepository } from '../core/backlog/repository';
import type { BacklogService } from '../core/backlog/service';
import { extractBacklog, type BacklogExtraction } from '../core/forecast';

interface Entry {
  repo: BacklogRepository;
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
    if (!e || e.repo !== repo) {
      e = { repo };
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
