import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import { keyringPath, readKeyring } from '../../electron/core/db/keyring';
import { backupTo } from '../../electron/core/system/backup.service';
import { closeOffice } from '../../electron/core/office/office.service';
import {
  callApi,
  fileContains,
  hrPassword,
  loggedIn,
  newOffice,
  startsWithSqliteHeader,
  tempDir,
} from '../helpers/office';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('encryption at rest', () => {
  it('the database, its WAL and the backup hold no plaintext', async () => {
    const marker = 'マーカー東雲ZX81';
    const { dbPath, office } = await newOffice(dir);
    closeOffice(office);
    const ctx = await loggedIn(dbPath, 'hr', hrPassword);
    const created = await callApi(ctx, 'accounts:create', {
      login: 'marker1',
      displayName: marker,
      role: 'staff',
      staffNo: null,
      password: 'marker-pass-1',
    });
    expect(created.ok).toBe(true);
    // Read back through the app so we know the marker is stored.
    const listed = await callApi(ctx, 'accounts:list', {});
    expect(listed.ok && listed.value.some((a) => a.displayName === marker)).toBe(true);

    // The WAL holds the latest pages while the database is open.
    expect(fs.existsSync(`${dbPath}-wal`)).toBe(true);
    expect(fs.statSync(`${dbPath}-wal`).size).toBeGreaterThan(0);
    expect(fileContains(`${dbPath}-wal`, marker)).toBe(false);
    expect(fileContains(`${dbPath}-wal`, 'marker1')).toBe(false);

    const backup = path.join(dir, 'copy.db');
    backupTo(ctx.office!, backup, ctx.session!.actor);
    ctx.end();

    for (const f of [dbPath, backup]) {
      expect(startsWithSqliteHeader(f)).toBe(false);
      expect(fileContains(f, marker)).toBe(false);
      expect(fileContains(f, 'marker1')).toBe(false);
      expect(fileContains(f, 'CREATE TABLE')).toBe(false);
    }
    expect(fileContains(keyringPath(dbPath), 'marker1')).toBe(false);
  });

  it('the backup opens with the same accounts and holds the same data', async () => {
    const backup = path.join(dir, 'copy.db');
    const ctx = await loggedIn(backup, 'marker1', 'marker-pass-1');
    expect(ctx.session?.mustChangePassword).toBe(true);
    ctx.end();
  });

  it('a wrong key does not open the file (it fails at the first read)', async () => {
    const { dbPath, office } = await newOffice(dir, 'other.db');
    closeOffice(office);
    expect(() => openDatabase(dbPath, Buffer.alloc(32, 7), { create: false })).toThrow(/開けません|壊れて/u);
    expect(readKeyring(keyringPath(dbPath)).slots).toHaveLength(1);
  });
});
