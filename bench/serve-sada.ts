// Child process for the benchmark: a real Sada server on the given port and database.
import { startServer } from "../src/main/server";
import { loadConfig } from "../src/platform/config";
import { setQuiet } from "../src/platform/log";

setQuiet(true);
const loaded = loadConfig(process.env);
if (!loaded.ok) {
  throw new Error(JSON.stringify(loaded.error));
}
await startServer(loaded.value, () => undefined);
process.send?.("ready");
