// A throw-away single-node SLURM cluster for tests: munged (as the munge user, its own socket and
// key), slurmctld and slurmd in the foreground under this process, every file under one temporary
// folder, free ports; stopped by PID (also on process exit). Needs root and Debian's slurm-wlm, munge.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

const TOOLS = ["slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "scancel", "sinfo", "munged", "mungekey"];

/** Why the cluster cannot start here (undefined when it can). */
export function slurmUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return "the SLURM test starts slurmctld/slurmd/munged and must run as root";
  const missing = TOOLS.filter((t) => spawnSync("sh", ["-c", `command -v ${t}`]).status !== 0);
  if (missing.length)
    return `not installed: ${missing.join(", ")} (apt-get install -y slurm-wlm munge, as .ci/run does)`;
  if (spawnSync("id", ["-u", "munge"]).status !== 0) return "no munge user (apt-get install -y munge creates it)";
  return undefined;
}

export interface Cluster {
  /** the temporary folder holding config, state, spool and daemon logs */
  dir: string;
  /** environment for sbatch/squeue/scontrol/scancel: SLURM_CONF of this cluster */
  env: NodeJS.ProcessEnv;
  /** seconds from the first daemon start until the node is idle */
  startSeconds: number;
  /** cancels every job of this cluster and stops the daemons by PID; idempotent */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

function slurmConf(dir: string, ports: [number, number], socket: string): string {
  const host = os.hostname().split(".")[0];
  return [
    "ClusterName=ldtest",
    `SlurmctldHost=${host}(127.0.0.1)`,
    `SlurmctldPort=${ports[0]}`,
    `SlurmdPort=${ports[1]}`,
    "AuthType=auth/munge",
    "CredType=cred/munge",
    `AuthInfo=socket=${socket}`,
    "SlurmUser=root",
    "SlurmdUser=root",
    `StateSaveLocation=${dir}/state`,
    `SlurmdSpoolDir=${dir}/spool`,
    `SlurmctldPidFile=${dir}/slurmctld.pid`,
    `SlurmdPidFile=${dir}/slurmd.pid`,
    `SlurmctldLogFile=${dir}/slurmctld.log`,
    `SlurmdLogFile=${dir}/slurmd.log`,
    "ProctrackType=proctrack/linuxproc",
    "TaskPlugin=task/none",
    "SelectType=select/cons_tres",
    "SelectTypeParameters=CR_CPU",
    "JobAcctGatherType=jobacct_gather/none",
    "AccountingStorageType=accounting_storage/none",
    "MpiDefault=none",
    "ReturnToService=2",
    "MinJobAge=3600",
    "KillWait=5",
    "OverTimeLimit=0",
    "InactiveLimit=0",
    // a finished dependency or a freed CPU starts the next job at once rather than at the next periodic pass
    "SchedulerParameters=batch_sched_delay=0,sched_min_interval=0",
    `NodeName=${host} NodeAddr=127.0.0.1 CPUs=${os.availableParallelism()} State=UNKNOWN`,
    `PartitionName=test Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
    "",
  ].join("\n");
}

/** Runs a SLURM client command of the cluster; its stdout, or throws with its stderr. */
export function slurmCmd(env: NodeJS.ProcessEnv, cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** The munge user's ids and a fresh key; the socket folder under dir, searchable by all (munged insists). */
function mungeFiles(dir: string) {
  const mungeDir = path.join(dir, "munge");
  fs.mkdirSync(mungeDir);
  const uid = Number(spawnSync("id", ["-u", "munge"], { encoding: "utf8" }).stdout);
  const gid = Number(spawnSync("id", ["-g", "munge"], { encoding: "utf8" }).stdout);
  const key = path.join(mungeDir, "munge.key");
  spawnSync("mungekey", ["--create", `--keyfile=${key}`]);
  fs.chownSync(mungeDir, uid, gid);
  fs.chownSync(key, uid, gid);
  fs.chmodSync(mungeDir, 0o755);
  fs.chmodSync(key, 0o600);
  return { dir: mungeDir, uid, gid, key, socket: path.join(mungeDir, "munge.socket") };
}

/**
 * Starts munged, slurmctld and slurmd and waits (≤ 60 s) until the node is idle.
 * @throws when a daemon exits or the node does not come up; whatever was started is stopped first
 */
export async function startCluster(): Promise<Cluster> {
  const t0 = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ld-slurm-"));
  fs.chmodSync(dir, 0o755);
  for (const d of ["state", "spool"]) fs.mkdirSync(path.join(dir, d));
  const munge = mungeFiles(dir);
  const { uid, gid, key, socket } = munge,
    mungeDir = munge.dir;
  const conf = path.join(dir, "slurm.conf");
  fs.writeFileSync(conf, slurmConf(dir, [await freePort(), await freePort()], socket));
  const env = { ...process.env, SLURM_CONF: conf };
  const children: ChildProcess[] = [];
  const daemonLog = fs.openSync(path.join(dir, "daemons.out"), "a");
  const start = (cmd: string, args: string[], opts: { uid?: number; gid?: number } = {}) => {
    const p = spawn(cmd, args, { env, stdio: ["ignore", daemonLog, daemonLog], ...opts });
    children.push(p);
    p.on("exit", (code, sig) => {
      (p as ChildProcess & { exitNote?: string }).exitNote = `${cmd} exited (${code ?? sig})`;
    });
    return p;
  };
  // process exit or a signal to the test (a CI timeout): cancel this cluster's jobs, kill its daemons
  const killAll = () => {
    spawnSync("scancel", ["--full", "--user=root"], { env, timeout: 5000 });
    for (const p of [...children].reverse()) {
      if (p.pid && p.exitCode === null && p.signalCode === null)
        try {
          process.kill(p.pid, "SIGKILL");
        } catch {
          /* already gone */
        }
    }
  };
  const onSignal = (sig: NodeJS.Signals) => {
    killAll();
    process.exit(sig === "SIGINT" ? 130 : 143);
  };
  process.once("exit", killAll);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    spawnSync("scancel", ["--full", "--user=root"], { env });
    await waitFor(
      () => spawnSync("squeue", ["-h", "-t", "RUNNING,COMPLETING"], { env, encoding: "utf8" }).stdout.trim() === "",
      30_000,
    ).catch(() => undefined);
    for (const p of [...children].reverse()) {
      if (p.exitCode !== null || p.signalCode !== null || !p.pid) continue;
      process.kill(p.pid, "SIGTERM");
      await waitFor(() => p.exitCode !== null || p.signalCode !== null, 10_000).catch(
        () => p.pid && process.kill(p.pid, "SIGKILL"),
      );
    }
    process.removeListener("exit", killAll);
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  };
  try {
    start(
      "munged",
      [
        "-F",
        `--socket=${socket}`,
        `--key-file=${key}`,
        `--pid-file=${mungeDir}/munged.pid`,
        `--log-file=${mungeDir}/munged.log`,
        `--seed-file=${mungeDir}/munged.seed`,
      ],
      { uid, gid },
    );
    await waitFor(
      () => fs.existsSync(socket),
      20_000,
      () => deadDaemon(children),
    );
    start("slurmctld", ["-D", "-c", "-f", conf]);
    start("slurmd", ["-D", "-f", conf]);
    await waitFor(
      () => /^idle/.test(spawnSync("sinfo", ["-h", "-o", "%T"], { env, encoding: "utf8" }).stdout.trim()),
      60_000,
      () => deadDaemon(children),
    );
  } catch (e) {
    await stop();
    throw new Error(
      `${(e as Error).message}; logs in ${dir}: ${tail(path.join(dir, "slurmctld.log"))} ${tail(path.join(dir, "slurmd.log"))}`,
    );
  }
  return { dir, env, startSeconds: (Date.now() - t0) / 1000, stop };
}

function deadDaemon(children: ChildProcess[]): string | undefined {
  return (
    children.find((p) => (p as ChildProcess & { exitNote?: string }).exitNote) as { exitNote?: string } | undefined
  )?.exitNote;
}

function tail(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").slice(-8).join("\n") : "";
}

/** Polls `ok` every 250 ms; rejects after `ms` or as soon as `failed` names a reason. */
export async function waitFor(
  ok: () => boolean,
  ms: number,
  failed: () => string | undefined = () => undefined,
): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (ok()) return;
    const why = failed();
    if (why) throw new Error(why);
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
