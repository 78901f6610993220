import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * Sealed data and signed audit checkpoints (docs/sealed-data.md).
 *
 * - account_keys: each account's public key (X25519, DER). Its private key lives only in the
 *   account's keyring slot, under the password.
 * - key_grants: the office's reader keys (the confidential key, the postings key) and its signing
 *   key, each wrapped for one account's public key — only the accounts whose role reads such data.
 * - person_keys: one key per person and kind of sealed data, wrapped for the readers' key
 *   (grantee 0) and for individual accounts (the person's own, their 調整者's).
 * - audit_checkpoints: the audit chain's length and head at a moment, signed with the office key.
 *
 * The public halves of the office keys are in meta (key.confidential.public, …). Sealing the
 * existing values happens at the first HR login after this migration (keys/seal-office.ts): a
 * migration runs before anyone's keys are open.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE account_keys (
      account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
      public_key BLOB NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE key_grants (
      key_name TEXT NOT NULL CHECK (key_name IN ('confidential', 'postings', 'signing')),
      account_id INTEGER NOT NULL REFERENCES accounts(id),
      wrapped BLOB NOT NULL,
      granted_at TEXT NOT NULL,
      PRIMARY KEY (key_name, account_id)
    ) STRICT;

    CREATE TABLE person_keys (
      domain TEXT NOT NULL CHECK (domain IN ('selfReport', 'postings')),
      staff_id INTEGER NOT NULL REFERENCES staff(id),
      grantee INTEGER NOT NULL CHECK (grantee >= 0),
      wrapped BLOB NOT NULL,
      PRIMARY KEY (domain, staff_id, grantee)
    ) STRICT;
    CREATE INDEX person_keys_grantee ON person_keys(grantee, domain);

    -- Who a person's 調整者 is, asked per person when a person key is made.
    CREATE INDEX evaluator_assignments_by_staff ON evaluator_assignments(staff_id, fy);

    CREATE TABLE audit_checkpoints (
      id INTEGER PRIMARY KEY,
      entries INTEGER NOT NULL CHECK (entries >= 0),
      head TEXT NOT NULL,
      at TEXT NOT NULL,
      reason TEXT NOT NULL,
      signer_id INTEGER,
      signature BLOB NOT NULL
    ) STRICT;
  `);
}
