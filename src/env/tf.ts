/**
 * The single TensorFlow.js import of src/. Everything else imports `tf` from here,
 * so that the backend chosen in ./backend.ts is the one every module uses.
 */
import * as tf from "@tensorflow/tfjs";
export { tf };
/** The wasm backend's class (a type only: nothing is loaded), for kernels that write into its heap. */
export type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
