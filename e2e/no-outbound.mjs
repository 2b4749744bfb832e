// Loaded with `node --import` into servers under test: any TCP connection to a host outside
// the loopback range is refused and reported on stderr, so a test can fail on unplanned
// outbound network (the test network is 127.0.0.0/8 and ::1 only).
import net from "node:net";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+|localhost)$/i;
const original = net.Socket.prototype.connect;

net.Socket.prototype.connect = function connect(...args) {
  const first = args[0];
  const options = typeof first === "object" && first !== null && !Array.isArray(first) ? first : null;
  const host = options
    ? options.path
      ? null
      : (options.host ?? "localhost")
    : typeof first === "number" || /^\d+$/.test(String(first))
      ? typeof args[1] === "string"
        ? args[1]
        : "localhost"
      : null;
  if (host !== null && !LOOPBACK.test(host.replace(/^\[|\]$/g, ""))) {
    process.stderr.write(`UNPLANNED OUTBOUND CONNECTION to ${host}\n`);
    throw new Error(`Outbound connection to ${host} refused: tests use loopback only`);
  }
  return original.apply(this, args);
};
