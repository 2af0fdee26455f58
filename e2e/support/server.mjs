// A real `gowest serve --demo` for one test file: fresh data directory, free loopback port.
//
//   const server = await startServer();
//   server.base         // "http://127.0.0.1:PORT"
//   server.password     // the demo password printed at start ("Gowest-Demo-2006")
//   server.accounts     // Map username -> description, as printed at start
//   server.output()     // everything the server printed so far (ANSI colours removed)
//   await server.stop() // SIGTERM, SIGKILL after 10 s; deletes the data directory
//
// Environment:
//   GOWEST_BIN   the binary (default <repo>/target/debug/gowest; built with
//                `cargo build -p gowest` when that default is missing)

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_BIN = path.join(REPO_ROOT, 'target', 'debug', 'gowest');

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const START_ATTEMPTS = 3; // a free port can be taken between probing it and binding it

/** The gowest binary, built first when the default one is missing. */
export function gowestBinary() {
  const fromEnv = process.env.GOWEST_BIN;
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new Error(`GOWEST_BIN=${fromEnv} does not exist`);
    }
    return fromEnv;
  }
  if (!existsSync(DEFAULT_BIN)) {
    // Output to stderr: the test runner reads the test's stdout.
    const built = spawnSync('cargo', ['build', '-p', 'gowest'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', process.stderr, process.stderr],
    });
    if (built.error || built.status !== 0 || !existsSync(DEFAULT_BIN)) {
      throw new Error(
        `cargo build -p gowest failed (${built.error?.message ?? `exit ${built.status}`})`,
      );
    }
  }
  return DEFAULT_BIN;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** Demo logins from the banner `serve --demo` prints once at start. */
export function parseDemoBanner(text) {
  const accounts = new Map();
  let password = null;
  let inList = false;
  for (const line of text.split('\n')) {
    const pw = line.match(/password:\s*([^)\s]+)\)/i);
    if (pw && /demo accounts/i.test(line)) {
      password = pw[1];
      inList = true;
      continue;
    }
    if (!inList) continue;
    const account = line.match(/^\s+([A-Za-z0-9._-]+)\s{2,}(\S.*)$/);
    if (!account) {
      inList = false;
      continue;
    }
    accounts.set(account[1], account[2].trim());
  }
  return { password, accounts };
}

export async function startServer() {
  const bin = gowestBinary();
  let lastError;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'gowest-e2e-'));
    try {
      return await launch(bin, dataDir, await freePort());
    } catch (err) {
      lastError = err;
      await rm(dataDir, { recursive: true, force: true });
      if (!err.exitedEarly) break; // only a lost port race is worth another try
    }
  }
  throw lastError;
}

async function launch(bin, dataDir, port) {
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(
    bin,
    ['serve', '--demo', '--data-dir', dataDir, '--bind', `127.0.0.1:${port}`],
    {
      cwd: dataDir,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const collect = (chunk) => {
    output += chunk.toString('utf8').replace(ANSI, '');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  let exited = null;
  const exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
    child.once('error', (error) => {
      exited = { error };
      resolve(exited);
    });
  });
  // Never leave a server behind, even when the test process dies without `after` hooks.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (exited === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exit;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitReady(base, () => exited);
  } catch (err) {
    await stop();
    err.message += `\n--- gowest output ---\n${output}`;
    throw err;
  }
  const { password, accounts } = parseDemoBanner(output);
  return {
    base,
    port,
    dataDir,
    password,
    accounts,
    output: () => output,
    stop,
  };
}

async function waitReady(base, exited) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const gone = exited();
    if (gone) {
      const err = new Error(
        `gowest exited before it was ready (${gone.error?.message ?? `code ${gone.code}, signal ${gone.signal}`})`,
      );
      err.exitedEarly = true;
      throw err;
    }
    try {
      const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err.cause?.code ?? err.message;
    }
    // Poll interval while the server starts; not a wait for the page under test.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`GET ${base}/readyz did not answer 200 within ${READY_TIMEOUT_MS / 1000} s (last: ${last})`);
}
