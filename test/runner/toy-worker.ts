/** Worker-thread entry of the runner tests: serves the toy family (./toy-family.ts). */
import { serveUnits } from "../../src/runner";
import { toyFamily } from "./toy-family";

serveUnits({ toy: toyFamily });
