import { setQuiet } from "../src/platform/log";

// Tests assert on behaviour, not on log lines.
setQuiet(true);
