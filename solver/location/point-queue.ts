/**
 * A first-in first-out queue of point (or median) indexes in which each index is at most once: the
 * work lists of the large CPMP search (points whose allocation may improve, medians whose location
 * may), so a change wakes only what it can affect.
 */
export class PointQueue {
  private readonly ring: Int32Array;
  private readonly queued: Uint8Array;
  private head = 0;
  private count = 0;

  constructor(n: number) {
    this.ring = new Int32Array(Math.max(1, n));
    this.queued = new Uint8Array(n);
  }

  get size(): number {
    return this.count;
  }

  /** Adds i unless it is queued already. */
  push(i: number): void {
    if (this.queued[i]) return;
    this.queued[i] = 1;
    this.ring[(this.head + this.count++) % this.ring.length] = i;
  }

  /** The oldest index (the queue must not be empty). */
  pop(): number {
    const i = this.ring[this.head]!;
    this.head = (this.head + 1) % this.ring.length;
    this.count--;
    this.queued[i] = 0;
    return i;
  }

  has(i: number): boolean {
    return this.queued[i] === 1;
  }

  clear(): void {
    while (this.count > 0) this.pop();
  }
}
