// A task run on a timer, one run at a time. A run slower than the period (a large ledger day, a slow
// database) is not started again beside itself, and stop() waits for the run under way, so nothing writes to a
// store after its owner has closed it.

export class PeriodicTask {
  private readonly timer: NodeJS.Timeout | null;
  private underWay: Promise<void> | null = null;
  private stopped = false;

  /**
   * @param run the task; its rejection goes to `onError`, never to the process
   * @param periodMs wall-clock period; 0 runs it only when asked (`runNow`)
   */
  constructor(
    private readonly run: () => Promise<void>,
    periodMs: number,
    private readonly onError: (error: unknown) => void,
  ) {
    this.timer = periodMs > 0 ? setInterval(() => void this.runNow(), periodMs) : null;
    // The timer alone never keeps the process alive: closing the server ends it.
    this.timer?.unref();
  }

  /** Runs the task now unless a run is under way (then waits for that one); nothing after stop(). */
  runNow(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.underWay ??= this.run()
      .catch(this.onError)
      .finally(() => {
        this.underWay = null;
      });
    return this.underWay;
  }

  /** No run starts from here on; resolves once the run under way (if any) has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.underWay;
  }
}
