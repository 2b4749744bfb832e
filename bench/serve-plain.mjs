// Child process for the benchmark baseline: plain node:http serving fixed bytes from memory.
import fs from "node:fs";
import http from "node:http";

const body = fs.readFileSync(process.env.BENCH_BODY_FILE);
http
  .createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=UTF-8", "Content-Length": body.length });
    res.end(body);
  })
  .listen(Number(process.env.PORT), "127.0.0.1", () => process.send?.("ready"));
