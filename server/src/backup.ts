/**
 * `npm run backup` and `npm run restore`: one command with two subcommands, for the embedded
 * database (DATA_DIR) and for PostgreSQL (DATABASE_URL), configured by the same environment as the
 * server (env.ts). What a backup holds and how a restore proceeds: db/backups.ts and
 * docs/operations.md ("Back up and restore").
 *
 *   backup  [--output FILE|FOLDER]   default: ./perimeter-backup-<UTC time>.tar.gz
 *   restore FILE [--force]           --force replaces a folder or database that is not empty
 */
import { parseArgs } from 'node:util';
import { loadEnv } from './env';
import { BackupRefusedError, createBackup, restoreBackup, type BackupManifest } from './db/backups';

// The backup and what it unpacks are its owner's alone, like the data folder.
process.umask(0o077);

const USAGE = `Usage:
  npm run backup [-- --output FILE|FOLDER]
  npm run restore -- FILE [--force]

Configured by the server's environment: DATA_DIR (the embedded database) or DATABASE_URL
(PostgreSQL; pg_dump and pg_restore on PATH), and SECRETS_KEY.`;

function describe(manifest: BackupManifest): string {
  const rows = Object.values(manifest.tables).reduce((sum, count) => sum + count, 0);
  const tables = Object.keys(manifest.tables).length;
  return `${manifest.driver === 'pglite' ? 'embedded database' : 'PostgreSQL'}, taken ${manifest.createdAt}: ${tables} tables, ${rows} rows; secrets key ${manifest.contents.secretsKey}`;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, file, ...rest] = positionals;
  if (values.help || rest.length > 0) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const env = loadEnv();
  if (command === 'backup' && file === undefined) {
    const { file: written, manifest } = await createBackup({
      env,
      output: values.output ?? process.cwd(),
    });
    console.log(`Backup written to ${written} (${describe(manifest)}).`);
    if (manifest.contents.secretsKey === 'included') {
      console.log(
        'It holds the secrets key: keep it as private as the data itself (the file is owner-only).',
      );
    } else if (manifest.contents.secretsKey === 'not included: SECRETS_KEY is set') {
      console.log('SECRETS_KEY is not in it: keep that key too, apart from the backup.');
    }
    return 0;
  }
  if (command === 'restore' && file !== undefined && values.output === undefined) {
    const manifest = await restoreBackup({ env, input: file, force: values.force });
    console.log(
      `Restored ${file} (${describe(manifest)}) into ${env.DATABASE_URL ? 'the database of DATABASE_URL' : env.DATA_DIR}. Start the server.`,
    );
    return 0;
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A refusal is a sentence for the operator; anything else keeps its stack for a bug report.
    console.error(
      error instanceof BackupRefusedError ||
        (error instanceof Error && error.message.startsWith('Invalid configuration'))
        ? error.message
        : error,
    );
    process.exit(1);
  },
);
