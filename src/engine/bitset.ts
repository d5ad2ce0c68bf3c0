// Fixed-size sets of small integers: sets of endpoints and matrix rows, combined word by word.

export class Bitset {
  readonly size: number;
  readonly words: Uint32Array;

  constructor(size: number, words?: Uint32Array) {
    this.size = size;
    this.words = words ?? new Uint32Array((size + 31) >>> 5);
  }

  /** Every index below size. */
  static full(size: number): Bitset {
    const set = new Bitset(size);
    set.words.fill(0xffffffff);
    const tail = size & 31;
    if (tail !== 0) set.words[set.words.length - 1] = (1 << tail) - 1;
    return set;
  }

  static of(size: number, indices: Iterable<number>): Bitset {
    const set = new Bitset(size);
    for (const index of indices) set.add(index);
    return set;
  }

  has(index: number): boolean {
    return ((this.words[index >>> 5] as number) & (1 << (index & 31))) !== 0;
  }

  add(index: number): void {
    this.words[index >>> 5] = (this.words[index >>> 5] as number) | (1 << (index & 31));
  }

  clone(): Bitset {
    return new Bitset(this.size, this.words.slice());
  }

  /** In place: this ∪ other. */
  orWith(other: Bitset): this {
    for (let i = 0; i < this.words.length; i++) this.words[i] = (this.words[i] as number) | (other.words[i] as number);
    return this;
  }

  /** In place: this ∩ other. */
  andWith(other: Bitset): this {
    for (let i = 0; i < this.words.length; i++) this.words[i] = (this.words[i] as number) & (other.words[i] as number);
    return this;
  }

  /** In place: this \ other. */
  andNotWith(other: Bitset): this {
    for (let i = 0; i < this.words.length; i++) this.words[i] = (this.words[i] as number) & ~(other.words[i] as number);
    return this;
  }

  isEmpty(): boolean {
    return this.words.every((word) => word === 0);
  }

  *[Symbol.iterator](): IterableIterator<number> {
    for (let w = 0; w < this.words.length; w++) {
      let word = this.words[w] as number;
      while (word !== 0) {
        const low = word & -word;
        yield (w << 5) + 31 - Math.clz32(low);
        word ^= low;
      }
    }
  }
}
