/** The last few errors the process logged, for the admin dashboard (a fixed-size ring). */
export interface LoggedError {
  at: Date;
  message: string;
  detail?: string | undefined;
}

export class RecentErrors {
  private readonly items: LoggedError[] = [];

  constructor(private readonly size = 50) {}

  push(e: LoggedError): void {
    this.items.push(e);
    if (this.items.length > this.size) this.items.shift();
  }

  /** Newest first. */
  list(): LoggedError[] {
    return [...this.items].reverse();
  }
}

/** This process's ring: main.ts's logger feeds it, the dashboard reads it. */
export const processErrors = new RecentErrors();
