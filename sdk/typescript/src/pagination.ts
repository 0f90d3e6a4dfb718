/**
 * Auto-paginating list results.
 *
 * @module
 */

import type { Page } from "./types.js";

/**
 * Every item of a list, fetched page by page as iteration needs them; also a promise of the
 * first page.
 *
 * A `list(...)` call sends nothing by itself:
 * - `for await (const item of paginator)` walks every page, following `nextCursor`;
 * - `for await (const page of paginator.pages())` yields whole pages;
 * - `await paginator` (or `paginator.firstPage()`) fetches just one page — the first, or the
 *   one at the `cursor` given to `list` (how a saved cursor is resumed).
 *
 * Iterating again starts over. Awaiting the paginator itself fetches once and remembers the
 * answer, as a promise would; `firstPage()` fetches afresh on every call.
 */
export class Paginator<T> implements AsyncIterable<T>, PromiseLike<Page<T>> {
  readonly #fetchPage: (cursor: string | undefined) => Promise<Page<T>>;
  readonly #cursor: string | undefined;
  #awaited: Promise<Page<T>> | undefined;

  /** @internal Built by the resources' `list` methods. */
  constructor(fetchPage: (cursor: string | undefined) => Promise<Page<T>>, cursor?: string) {
    this.#fetchPage = fetchPage;
    this.#cursor = cursor;
  }

  /** Fetches only the first page (or the page at the `cursor` given to `list`). */
  firstPage(): Promise<Page<T>> {
    return this.#fetchPage(this.#cursor);
  }

  /** Yields each page in turn, following `nextCursor` until the last one. */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let cursor = this.#cursor;
    for (;;) {
      const page = await this.#fetchPage(cursor);
      yield page;
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  /** Yields every item of every page. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.items;
  }

  /** `await paginator` is the first page. */
  then<R1 = Page<T>, R2 = never>(
    onfulfilled?: ((page: Page<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    this.#awaited ??= this.firstPage();
    return this.#awaited.then(onfulfilled, onrejected);
  }
}
