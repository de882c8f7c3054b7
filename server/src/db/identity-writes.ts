import type { PGlite, Transaction } from '@electric-sql/pglite';

/**
 * The tables a session lookup reads (modules/auth/session-cache.ts): a statement that names none
 * of them cannot change what it found. Deletes cascade into `sessions` and `users` only from
 * `users` and `accounts`, which such a statement names; the schema's only triggers (migration
 * 0011's tag sets) write `tag_sets` and `tag_set_counts` alone.
 */
const IDENTITY_TABLES = /\b(?:sessions|users|accounts)\b/i;
/** A statement that only reads; anything else (with …, update, delete, truncate, …) may write. */
const READ_ONLY = /^\s*select\b/i;

function mayChangeIdentity(statement: string): boolean {
  return !READ_ONLY.test(statement) && IDENTITY_TABLES.test(statement);
}

/**
 * Wraps the embedded database's `query`, `exec` and `transaction` so that a counter moves before
 * and after every statement that may change a session, a person or an account (and again when
 * the transaction that ran one ends: committed or rolled back). A reader that takes the counter
 * before it reads and finds it unchanged afterwards knows no such write began or ended in
 * between. Only this process writes to an embedded database, so nothing else can move it.
 */
export function watchIdentityWrites(client: PGlite): () => number {
  let version = 0;
  const bump = () => {
    version += 1;
  };

  const watched = <A extends unknown[], R>(
    run: (statement: string, ...rest: A) => Promise<R>,
    onWrite: () => void,
  ) =>
    async function (statement: string, ...rest: A): Promise<R> {
      if (!mayChangeIdentity(statement)) return run(statement, ...rest);
      onWrite();
      try {
        return await run(statement, ...rest);
      } finally {
        onWrite();
      }
    };

  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  const transaction = client.transaction.bind(client);
  client.query = watched(query, bump) as PGlite['query'];
  client.exec = watched(exec, bump);
  client.transaction = async function <T>(body: (tx: Transaction) => Promise<T>): Promise<T> {
    let wrote = false;
    const onWrite = () => {
      wrote = true;
      bump();
    };
    try {
      return await transaction((tx) => {
        const inner = Object.create(tx) as Transaction;
        inner.query = watched(tx.query.bind(tx), onWrite) as Transaction['query'];
        inner.exec = watched(tx.exec.bind(tx), onWrite);
        return body(inner);
      });
    } finally {
      // What the transaction wrote became visible (or was undone) only now.
      if (wrote) bump();
    }
  };
  return () => version;
}
