-- bench/get-path: one JSON line per wrk run (requests, latency percentiles, errors).
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%.0f,"p50_us":%.0f,"p99_us":%.0f,"errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
