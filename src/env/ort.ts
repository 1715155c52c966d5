/**
 * The one import of onnxruntime-node (the `onnx` engine's runtime) and of onnx-proto (the ONNX
 * protobuf definitions): a small graph builder that the kernels of ../kernels/onnx-*.ts use to write
 * their graphs in TypeScript, and sessions pinned to one CPU thread each (the runner's worker threads
 * are the parallelism, as with the wasm backend).
 *
 * Graphs are ONNX opset 17 models built as plain data (`onnx.ModelProto`) and serialized to bytes;
 * a session is created from the bytes once per shape and kept for the life of the process
 * ({@link cachedSession}). Session options: one intra-op and one inter-op thread, sequential
 * execution, graph optimization level `all` (ORT fuses MatMul + Add into Gemm itself). Outputs come
 * back as new host buffers on every call (about 0.1–0.3 ms per call), which is why training graphs
 * run a whole epoch per call (an ONNX Loop), not one step.
 */
import { onnx } from "onnx-proto";
import { ConfigError } from "../core/errors";

type Ort = typeof import("onnxruntime-node");
type OrtSession = import("onnxruntime-node").InferenceSession;

/** ONNX element types used here (onnx.TensorProto.DataType). */
export const ELEM = { float: 1, int32: 6, int64: 7, bool: 9 } as const;
export type ElemType = keyof typeof ELEM;

/** The opset every graph is written against. */
export const OPSET = 17;

let ort: Ort | null | undefined;
let loadError = "";

/**
 * onnxruntime-node, or null when it does not load on this machine (no binary for this platform,
 * e.g. macOS x64; a damaged install). The reason is kept for {@link ortLoadError}.
 */
export function loadOrt(): Ort | null {
  if (ort !== undefined) return ort;
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    ort = require("onnxruntime-node") as Ort;
    if (!ort.listSupportedBackends().some((b) => b.name === "cpu" && b.bundled)) {
      loadError = "onnxruntime-node has no bundled CPU execution provider here";
      ort = null;
    }
  } catch (err) {
    loadError = `onnxruntime-node does not load on ${process.platform}-${process.arch}: ${(err as Error).message.split("\n")[0]}`;
    ort = null;
  }
  return ort;
}

/** Why {@link loadOrt} returned null ("" when it loaded). */
export function ortLoadError(): string {
  loadOrt();
  return loadError;
}

/** The installed onnxruntime-node version, or null when it is absent. */
export function ortVersion(): string | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return (require("onnxruntime-node/package.json") as { version: string }).version;
  } catch {
    return null;
  }
}

/** A dimension: a fixed size or a symbolic name (batch sizes that vary between calls). */
export type Dim = number | string;

/** An attribute value: int, float, int list, float list, string or a subgraph. */
export type AttrValue = number | number[] | string | { float: number } | { floats: number[] } | OnnxGraph;

/**
 * A graph under construction: inputs, outputs, nodes, constants. Names of intermediate values are
 * generated (`t_0`, `t_1`, …: a prefix and an underscore, so that no declared name collides) unless given. A Loop body is another OnnxGraph passed as attribute
 * `body`; it may read values of the outer graph by name (ONNX outer-scope references).
 */
export class OnnxGraph {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private counter = 0;

  /** @param name graph name; @param prefix prefix of generated value names (unique per nested graph) */
  constructor(
    readonly name: string,
    private readonly prefix = "t",
  ) {}

  /** Declares a graph input and returns its name. */
  input(name: string, elem: ElemType, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, elem, dims));
    return name;
  }

  /** Declares `value` as a graph output (an Identity node renames it when the names differ). */
  output(value: string, name: string, elem: ElemType, dims: Dim[]): void {
    if (value !== name) this.nodes.push({ opType: "Identity", input: [value], output: [name] });
    this.outputs.push(valueInfo(name, elem, dims));
  }

  /** A fresh value name. */
  fresh(): string {
    return `${this.prefix}_${this.counter++}`;
  }

  /**
   * Adds a node and returns its first output's name (more outputs: pass `outputs`).
   * @param op ONNX operator type, e.g. "MatMul"; @param inputs value names ("" for an absent optional input)
   */
  op(op: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outputs: string[] = [this.fresh()]): string {
    this.nodes.push({
      opType: op,
      input: inputs,
      output: outputs,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outputs[0];
  }

  /** A constant int64 tensor (shape [values.length], or a scalar with `scalar`). */
  int64(values: number[], scalar = false): string {
    const name = this.fresh();
    this.initializers.push({ name, dataType: ELEM.int64, dims: scalar ? [] : [values.length], int64Data: values });
    return name;
  }

  /** A constant float32 scalar. */
  float(value: number): string {
    const name = this.fresh();
    this.initializers.push({ name, dataType: ELEM.float, dims: [], floatData: [value] });
    return name;
  }

  /** The graph as an ONNX GraphProto. */
  toProto(): onnx.IGraphProto {
    return {
      name: this.name,
      node: this.nodes,
      input: this.inputs,
      output: this.outputs,
      initializer: this.initializers,
    };
  }

  /** The graph as a serialized ONNX model (opset {@link OPSET}). */
  toModelBytes(): Uint8Array {
    return onnx.ModelProto.encode({
      irVersion: 8,
      producerName: "late-decay",
      opsetImport: [{ domain: "", version: OPSET }],
      graph: this.toProto(),
    }).finish();
  }
}

function valueInfo(name: string, elem: ElemType, dims: Dim[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEM[elem],
        shape: { dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, v: AttrValue): onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (v instanceof OnnxGraph) return { name, type: T.GRAPH, g: v.toProto() };
  if (typeof v === "number") return { name, type: T.INT, i: v };
  if (typeof v === "string") return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: T.INTS, ints: v };
  if ("float" in v) return { name, type: T.FLOAT, f: v.float };
  return { name, type: T.FLOATS, floats: v.floats };
}

/** A host tensor fed to or fetched from a session. */
export interface HostTensor {
  data: Float32Array | Int32Array | BigInt64Array | Uint8Array;
  dims: readonly number[];
}

const TYPE_OF = (data: HostTensor["data"]): "float32" | "int32" | "int64" | "bool" =>
  data instanceof Float32Array
    ? "float32"
    : data instanceof Int32Array
      ? "int32"
      : data instanceof BigInt64Array
        ? "int64"
        : "bool";

/** A session of one graph, run with host tensors. */
export interface OnnxSession {
  /**
   * Runs the graph. Inputs are passed without a copy where the runtime allows; outputs are new arrays.
   * @throws Error from the runtime (shape mismatch, missing input) with its message
   */
  run(feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>>;
}

function requireOrt(): Ort {
  const o = loadOrt();
  if (!o) throw new ConfigError(`the onnx engine is not available: ${loadError}`);
  return o;
}

async function createSession(bytes: Uint8Array): Promise<OnnxSession> {
  const o = requireOrt();
  const session: OrtSession = await o.InferenceSession.create(bytes, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
  });
  return {
    async run(feeds) {
      const inputs: Record<string, InstanceType<Ort["Tensor"]>> = {};
      for (const [k, t] of Object.entries(feeds)) inputs[k] = new o.Tensor(TYPE_OF(t.data), t.data as never, t.dims);
      const out = await session.run(inputs);
      const result: Record<string, HostTensor> = {};
      for (const [k, t] of Object.entries(out)) result[k] = { data: t.data as HostTensor["data"], dims: t.dims };
      return result;
    },
  };
}

const sessions = new Map<string, Promise<OnnxSession>>();

/**
 * The session of the graph named by `key`, built by `build` on first use and kept for the life of
 * the process (one per worker thread). `key` must determine the graph completely (e.g. its shapes).
 * @throws ConfigError when onnxruntime-node does not load; the runtime's Error for an invalid graph
 */
export function cachedSession(key: string, build: () => OnnxGraph): Promise<OnnxSession> {
  let s = sessions.get(key);
  if (!s) {
    s = createSession(build().toModelBytes());
    s.catch(() => sessions.delete(key));
    sessions.set(key, s);
  }
  return s;
}
