/** The one source of time for the whole app; scenario replay swaps in a virtual clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(),
};

export class VirtualClock implements Clock {
  private currentMs: number;

  constructor(start: Date) {
    this.currentMs = start.getTime();
  }

  now(): Date {
    return new Date(this.currentMs);
  }

  set(instant: Date): void {
    if (instant.getTime() < this.currentMs) {
      throw new Error(
        `virtual time cannot go backwards: ${instant.toISOString()} is before ${this.now().toISOString()}`,
      );
    }
    this.currentMs = instant.getTime();
  }

  advanceMs(ms: number): void {
    this.set(new Date(this.currentMs + ms));
  }
}
