import autocannon from "autocannon";
const r = await autocannon({ url: process.argv[2], connections: 50, duration: 5 });
console.log(r.requests.average, r.latency.p99);
